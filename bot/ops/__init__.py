"""Operations: logs that cannot leak, the audit trail, doctor."""
