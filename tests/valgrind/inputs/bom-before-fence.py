# ---
# id: bom-before-fence
# ---
