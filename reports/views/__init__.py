"""Views of quarterly reports, one module per concern: one report and its workflow actions (`report`), the
spreadsheet round trip (`spreadsheets`), the follow-up pages (`follow_up`). Committee reports have theirs in
reports/committee/views.py. They are the generic views of antitrafik.views.generic."""
