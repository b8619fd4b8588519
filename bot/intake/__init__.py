"""The ownership intake: /intake and the "Start intake" shortcut, the live decision, the record."""
