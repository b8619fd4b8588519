"""The App Home tab: the user's tracker."""
