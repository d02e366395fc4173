"""Values that identify people, or that few training rows hold, are neither learned as categories nor stored."""

import numpy as np
import pandas as pd
import pytest
import torch

from wgan_augment import WGANAugmenter
from wgan_augment.persistence import load, save
from wgan_augment.tabular import RARE_MARKER, TableEncoder

TINY = {"n_steps": 2, "batch_size": 8, "generator_dims": (8,), "critic_dims": (8,), "latent_dim": 4}
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia", "Ken", "Margaret"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Perlman", "Thompson"]
IDENTIFYING = ["customer_id", "name", "email", "iban"]


def orders_table(n_orders=300, n_customers=132, seed=0) -> pd.DataFrame:
    """An orders table whose customer columns repeat on each of a customer's orders."""
    rng = np.random.default_rng(seed)
    customer = np.arange(n_customers)
    first, last = np.array(FIRST)[customer % len(FIRST)], np.array(LAST)[customer // len(FIRST) % len(LAST)]
    customers = pd.DataFrame({
        "customer_id": [f"C{number:05d}" for number in 1000 + customer],
        "name": [f"{a} {b}" for a, b in zip(first, last)],
        "email": [f"{a.lower()}.{b.lower()}{number}@mail{number % 4}.org"
                  for a, b, number in zip(first, last, customer)],
        "iban": [f"DE{number % 90 + 10:02d}{rng.integers(10**15, 10**16):016d}{number:04d}" for number in customer],
    })
    buyer = np.concatenate([customer, rng.integers(0, n_customers, n_orders - n_customers)])
    orders = customers.iloc[buyer].reset_index(drop=True)
    orders.insert(0, "order_id", [f"O{number:06d}" for number in rng.permutation(n_orders) + 100_000])
    orders["amount"] = rng.gamma(2.0, 30.0, n_orders).round(2)
    orders["category"] = rng.choice(["books", "games", "music"], n_orders)
    return orders


def saved_bytes(model, tmp_path) -> bytes:
    path = save(model, tmp_path / "model.wgan")
    return path.read_bytes() + torch.load(path, weights_only=True)["header"].encode()


@pytest.fixture(scope="module")
def orders_model():
    orders = orders_table()
    return orders, WGANAugmenter(**TINY, random_state=0).fit(orders)


def test_repeating_customer_columns_of_an_orders_table_are_identifiers(orders_model):
    orders, model = orders_model
    assert orders["email"].nunique() == 132 and len(orders) == 300
    assert {column: model.column_roles_[column] for column in ["order_id", *IDENTIFYING]} == dict.fromkeys(
        ["order_id", *IDENTIFYING], "identifier")
    assert model.column_roles_["category"] == "discrete"


def test_no_synthetic_customer_value_is_a_training_value(orders_model):
    orders, model = orders_model
    synthetic = model.sample(2000, random_state=0)
    assert {column: int(synthetic[column].isin(orders[column]).sum()) for column in IDENTIFYING} == dict.fromkeys(
        IDENTIFYING, 0)
    assert synthetic["email"].str.fullmatch(r"[a-z]{8}@example\.com").all()
    assert synthetic["name"].str.fullmatch(r"[A-Z][a-z]{5} [A-Z][a-z]{7}").all()
    assert synthetic["iban"].str.fullmatch(r"DE\d{22}").all()


def test_the_model_file_holds_no_e_mail_iban_or_name(orders_model, tmp_path):
    orders, model = orders_model
    stored = saved_bytes(model, tmp_path)
    found = [value for column in ["email", "iban", "name", "customer_id"] for value in orders[column].unique()
             if value.encode() in stored]
    assert found == []


def test_a_customer_segment_of_three_values_stays_a_category():
    orders = orders_table().assign(customer_segment=lambda table: np.resize(["gold", "silver", "bronze"], len(table)))
    assert TableEncoder().fit(orders).column_roles_["customer_segment"] == "discrete"


@pytest.mark.parametrize("column, values", [
    ("region", ["north", "south", "east", "west"]),
    ("smoker", ["yes", "no"]),
    ("colour", [f"colour{i}" for i in range(15)]),
])
def test_ordinary_categories_are_not_taken_for_identifiers(column, values):
    frame = pd.DataFrame({column: np.resize(values, 16), "x": np.arange(16.0)})
    assert TableEncoder().fit(frame).column_roles_[column] == "discrete"


def test_three_e_mails_in_a_scarce_table_are_identifiers_too():
    frame = pd.DataFrame({"contact": np.resize(["a@x.org", "b@y.org", "c@z.org"], 12), "x": np.arange(12.0)})
    assert TableEncoder().fit(frame).column_roles_["contact"] == "identifier"


def test_repeating_integer_customer_numbers_are_identifiers():
    frame = pd.DataFrame({"customer_id": np.resize(np.arange(40), 100), "x": np.arange(100.0)})
    encoder = TableEncoder().fit(frame)
    assert encoder.column_roles_["customer_id"] == "identifier"
    assert encoder.inverse_transform(np.zeros((5, encoder.output_dim_)), random_state=0)["customer_id"].min() >= 40


def test_an_identifier_template_read_off_few_values_does_not_spell_them():
    # 19 long codes and 3 short ones: the most common length has three values, so no letter of theirs is fixed
    frame = pd.DataFrame({"code": [f"LONGCODE{i:04d}" for i in range(19)] + ["QX7", "QX8", "QX9"]})
    encoder = TableEncoder(column_roles={"code": "identifier"}).fit(frame)
    meta, _ = encoder.to_state()
    assert meta["columns"][0]["positions"][:2] != ["Q", "X"]


def rare_frame(n_rows=40, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    city = np.resize(["Leeds", "York"], n_rows).astype(object)
    city[:4] = ["Whitby", "Whitby", "Ripon", "Thirsk"]  # held by 2, 1 and 1 rows
    return pd.DataFrame({"city": city, "x": rng.normal(size=n_rows)})


def test_a_value_held_by_fewer_than_five_rows_is_never_written_nor_stored(tmp_path):
    frame = rare_frame()
    model = WGANAugmenter(**TINY, random_state=0).fit(frame)
    synthetic = model.sample(500, random_state=0)
    assert set(synthetic["city"]) <= {"Leeds", "York", RARE_MARKER}
    stored = saved_bytes(model, tmp_path)
    assert [town for town in ["Whitby", "Ripon", "Thirsk"] if town.encode() in stored] == []
    assert b"Leeds" in stored


def test_the_fitted_model_reports_how_many_values_each_column_pooled(tmp_path):
    model = WGANAugmenter(**TINY, random_state=0).fit(rare_frame())
    assert model.pooled_categories_ == {"city": 3}
    assert load(save(model, tmp_path / "model.wgan")).pooled_categories_ == {"city": 3}


def test_rare_values_are_kept_for_a_column_that_opts_in(tmp_path):
    model = WGANAugmenter(**TINY, keep_rare_categories=["city"], random_state=0).fit(rare_frame())
    assert model.pooled_categories_ == {}
    assert b"Whitby" in saved_bytes(model, tmp_path)


def test_the_encoder_reads_a_rare_value_as_the_pooled_category():
    frame = rare_frame()
    encoder = TableEncoder(random_state=0).fit(frame)
    decoded = encoder.inverse_transform(encoder.transform(frame))
    assert decoded["city"].tolist()[:6] == [RARE_MARKER] * 4 + ["Leeds", "York"]
    assert frame["city"].tolist()[:4] == ["Whitby", "Whitby", "Ripon", "Thirsk"]  # the input is not modified


def test_rare_categories_of_a_categorical_column_leave_its_dtype():
    frame = rare_frame().astype({"city": "category"})
    encoder = TableEncoder(random_state=0).fit(frame)
    decoded = encoder.inverse_transform(encoder.transform(frame))
    assert list(decoded["city"].cat.categories) == ["Leeds", "York", RARE_MARKER]


def test_integer_codes_and_class_labels_are_not_pooled():
    frame = rare_frame().assign(rating=np.resize([1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3], 40))
    labels = np.resize(["a"] * 37 + ["b"] * 3, 40)
    model = WGANAugmenter(**TINY, random_state=0).fit(frame, labels)
    assert model.pooled_categories_ == {"city": 3}
    assert model.classes_.tolist() == ["a", "b"]


@pytest.mark.parametrize("params, message", [
    ({"min_category_count": 0}, "min_category_count"),
    ({"keep_rare_categories": ["town"]}, "keep_rare_categories names 'town', which is not a column"),
])
def test_bad_rare_value_settings_are_refused_naming_them(params, message):
    with pytest.raises(ValueError, match=message):
        WGANAugmenter(**TINY, **params).fit(rare_frame())


def test_person_names_in_any_script_and_with_initials_match_the_name_pattern_and_capital_codes_do_not():
    from wgan_augment.tabular._patterns import PERSON_NAME, value_pattern

    names = pd.Series(["Jörg Müller", "Zoë O'Brien", "J. R. Tolkien", "Ada Lovelace", "Søren Kierkegaard"])
    assert value_pattern(names) == PERSON_NAME
    assert value_pattern(pd.Series(["AB CD", "EF GH", "IJ KL"])) is None
    assert value_pattern(pd.Series(["red apple", "green pear"])) is None
