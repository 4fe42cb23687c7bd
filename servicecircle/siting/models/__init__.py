"""The location models, one module each; :func:`servicecircle.siting.solve` dispatches to them."""
