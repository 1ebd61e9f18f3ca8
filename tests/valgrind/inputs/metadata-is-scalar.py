# ---
# just words
# ---
