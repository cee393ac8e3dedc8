"""Call-level findings: interruptions, omissions, stage order, silences and conversation figures."""
