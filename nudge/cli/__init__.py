"""The `nudge` command line: parsing (`main`), one handler per command (`handlers`), the files as
the command back end when the app is not running (`offline`, under the rules of
`nudge.app.dispatch`), the commands that only read or write files (`file_commands`: summary,
export, config), the error and output rules every command shares (`errors`, `output`), and the
two commands that stand apart (`doctor`, `forget`).

Runs in the short-lived CLI process, on its main thread. Kept empty so that importing one of these
modules loads only what it needs (`nudge --version` stays instant).
"""
