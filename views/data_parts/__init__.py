"""Parts of the page «Dữ liệu»: the import history with its undo and original files."""
