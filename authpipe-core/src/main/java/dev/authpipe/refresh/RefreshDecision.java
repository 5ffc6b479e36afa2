package dev.authpipe.refresh;

/** The policy's answer: refresh now or not, and the reason. */
public record RefreshDecision(boolean refresh, RefreshReason reason) {}
