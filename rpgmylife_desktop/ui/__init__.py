"""The Qt GUI: app wiring (ui/app.py is the one composition root), item models, widgets."""
