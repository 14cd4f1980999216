"""The Committee's decisions and recommendations in the reports: the quarterly report's follow-up part, the
item's trail, the overview's latest accounts, and the committee report's section and links."""
