"""Summary reports for the State Committee: compile, edit, preview, PDF/XLSX/CSV export, finalise."""
