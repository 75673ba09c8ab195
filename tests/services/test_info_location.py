"""The window's database label comes without counting every table."""


def test_location_is_the_masked_address_of_the_summary(services):
    assert services.info.location() == services.info.summary()["database"]
    assert services.info.location().startswith("sqlite:///")
