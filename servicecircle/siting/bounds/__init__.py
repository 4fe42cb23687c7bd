"""Valid bounds on the optimum: submodular and Lagrangian, for covering, capacity and p-median."""
