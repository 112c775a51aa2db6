"""RPGMyLife Desktop: a desktop RPG for your own habits, quests and goals."""

__version__ = "0.1.0"
APP_NAME = "RPGMyLife"
# Reverse-DNS id: the .desktop file, icons, AppStream metainfo, macOS bundle id.
APP_ID = "io.github.rpgmylife.RPGMyLife"
