"""Pure logic of capacity and continuity (no Django): the staff facts and their rules
(`staff`), capacity on a reference date (`capacity`) and the continuity trigger (`continuity`)."""
