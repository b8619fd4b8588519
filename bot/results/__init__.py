"""The post-campaign results: the modal that takes a flight's figures, and the card they make in its thread."""
