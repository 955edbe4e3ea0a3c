from tillitsnavet.render.swedish import format_partial_date, format_period, sort_key


def test_swedish_alphabetical_order():
    names = ["Örebro", "Oskarshamn", "Ängelholm", "Alingsås", "Åre", "Zinkgruvan", "Västerås"]
    assert sorted(names, key=sort_key) == [
        "Alingsås", "Oskarshamn", "Västerås", "Zinkgruvan", "Åre", "Ängelholm", "Örebro"]


def test_swedish_dates():
    assert format_partial_date("2017-02-17") == "17 februari 2017"
    assert format_partial_date("2017-02") == "februari 2017"
    assert format_period({"start": "2017-03", "slut": "2017-12"}) == "mars–december 2017"
    assert format_period({"start": "2019"}) == "från 2019"
