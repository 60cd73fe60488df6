"""The demo atlas: real Shanghai districts and parks with synthetic sites, enterprises, projects."""
