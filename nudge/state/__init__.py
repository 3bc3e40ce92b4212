"""Small state files that outlive a run: the pause (`pause_file`) and the answers nudge could not
save before it quit (`unsaved_answers`). Read and written atomically, on whatever thread calls."""
