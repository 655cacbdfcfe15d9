"""What `planpress import` writes where it cannot know a value, for an editor to replace; `check`
reports each one until then. (A module of its own so that import does not load the checker.)"""

UNKNOWN = "待核对"
UNKNOWN_ORIGINAL = f"{UNKNOWN}：原件存放处"  # a paper approval's `original`: where the signed original is kept
