"""Pictures of core values (pillow lives here, never in `nudge.core`).

Charts take finished summaries and only draw: no history reading, no clock. Each module draws one
picture and imports pillow at the top, so importing `nudge.charts` itself costs nothing.

Any thread: a picture is drawn on the thread that asks for it (a command's main thread, the insights
window's GUI thread).
"""
