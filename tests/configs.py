"""Pieces of config.toml the tests share (plain text, no side effects: the bench imports test
helpers that use them)."""

# Every day, all day: a test's app never waits for its work hours.
ALL_DAY = "[schedule.work_hours]\n" + "".join(
    f'{day} = "00:00-24:00"\n' for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
