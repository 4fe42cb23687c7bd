"""Heuristics: lazy greedy, swap local search, the minutes tie-break, capacity, p-median."""
