"""Views of the strategy app, one module per sub-domain: the plan tree and its items (`plan`), activities
(`activities`), the spreadsheet import (`plan_import`), indicators with their rules and dimensions
(`indicators`), reporting periods (`periods`). They are the generic views of antitrafik.views.generic."""
