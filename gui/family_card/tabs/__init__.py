"""Every tab of the family card: the built-in ones and the quota area's (quota, employment, education, adaptation)."""
