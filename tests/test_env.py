import pytest

from arcwise.env import ConfigurationError, env_bool, env_int, env_list


def test_yes_and_no_words_are_read() -> None:
    assert env_bool("DEBUG", default=False, environ={"DEBUG": "Yes"}) is True
    assert env_bool("DEBUG", default=True, environ={"DEBUG": "off"}) is False
    assert env_bool("DEBUG", default=True, environ={}) is True


def test_a_vague_yes_stops_start_up_naming_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="DEBUG='yes please' is not a yes/no value"):
        env_bool("DEBUG", default=False, environ={"DEBUG": "yes please"})


def test_a_number_that_is_not_one_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="EMAIL_PORT='25a'"):
        env_int("EMAIL_PORT", default=587, environ={"EMAIL_PORT": "25a"})


def test_lists_are_split_on_commas_without_blanks() -> None:
    hosts = env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": " a.example, ,b.example "})

    assert hosts == ["a.example", "b.example"]
