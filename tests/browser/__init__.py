"""Browser-test harness: a schema-aware OpenAI-compatible model stub and a Playwright driver."""
