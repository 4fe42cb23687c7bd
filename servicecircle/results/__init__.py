"""Results as data and files: the summaries of a run and the output folder."""
