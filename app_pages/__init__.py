"""The app's pages, one module per page, and the helpers they share (state, cache, labels)."""
