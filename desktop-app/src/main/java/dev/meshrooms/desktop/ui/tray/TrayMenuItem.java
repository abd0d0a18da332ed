package dev.meshrooms.desktop.ui.tray;

/** One entry of the tray menu. */
public record TrayMenuItem(String label, boolean enabled, Runnable action) {}
