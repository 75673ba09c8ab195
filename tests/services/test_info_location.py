"""The window's database label comes without counting every table."""


def test_location_is_the_masked_address_of_the_summary(services):
    assert services.info.location() == services.info.summary()["database"]
    assert services.info.location().startswith("sqlite:///")


def test_place_names_the_file_or_the_server_in_words(services, db_path):
    place = services.info.place()
    assert (place.kind, place.name, place.host) == ("file", db_path.name, "")


def test_place_on_postgresql_names_host_and_database_without_credentials(migrated_pg_url):
    from sqlalchemy.engine import make_url

    from services import AppServices
    from services.database import prepare_database
    engine, _ = prepare_database(migrated_pg_url)
    try:
        place = AppServices(engine).info.place()
    finally:
        engine.dispose()
    url = make_url(migrated_pg_url)
    assert place.kind == "server" and place.name == url.database
    assert place.host.startswith(url.host or "localhost")
    assert (url.username or "@") not in place.host and "postgresql" not in place.host + place.name
