"""policybook: service-culture policies as versioned YAML, validated and published as a handbook."""
