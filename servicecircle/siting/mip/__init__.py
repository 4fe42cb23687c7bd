"""Mixed-integer models as sparse arrays and their solution by HiGHS."""
