# ---
# - id
# - title
# ---
