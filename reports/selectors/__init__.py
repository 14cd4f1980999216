"""Reads of quarterly reports shaped for pages, forms, validation and exports, one module per concern:

* `report`: one report whole (activities, progress, values, comments, snapshots and what changed);
* `follow_up`: boards, review queues, submission rates, open comments;
* `change_log`: the recorded changes of one report;
* `home`: the home page's "what needs doing now" panel.

Each runs a fixed number of queries whatever the amount of data.
"""
