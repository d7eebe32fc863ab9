"""Pure rules of the secret ballot (bỏ phiếu kín bình xét, suy tôn): counting, thresholds, the ballot's life."""
