"""AWS access: sessions and credentials, one client cache, STS and IAM Toolbox calls, error mapping, lookups."""
