"""Data-parallel training over 2 CPU ranks (gloo, a file rendezvous, a timeout so that a bug fails, never hangs)."""

import os
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
import torch

from wgan_augment import WGANAugmenter, load
from wgan_augment.networks import TableCritic
from wgan_augment.runtime import one_thread
from wgan_augment.training import gradient_penalty
from wgan_augment.training._data_parallel import DataParallel

WORLD = 2


def _table(n_rows=120):
    rng = np.random.default_rng(0)
    table = pd.DataFrame({"x": rng.normal(size=n_rows), "z": rng.gamma(2.0, size=n_rows),
                          "colour": rng.choice(["red", "green", "blue"], n_rows)})
    return table, np.where(np.arange(n_rows) % 4 == 0, "rare", "common")


def _run_ranks(worker, folder, *args):
    """Run ``worker(rank, folder, *args)`` on 2 spawned ranks of one gloo group."""
    init = f"file://{folder / 'rendezvous'}"
    torch.multiprocessing.spawn(_rank_main, args=(init, worker, folder, *args), nprocs=WORLD, join=True)


def _rank_main(rank, init, worker, folder, *args):
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"
    torch.distributed.init_process_group("gloo", init_method=init, rank=rank, world_size=WORLD,
                                         timeout=timedelta(seconds=60))
    try:
        torch.set_num_threads(1)
        worker(rank, folder, *args)
        torch.distributed.barrier()  # leave together: gloo aborts a rank whose peer tore the group down first
    finally:
        torch.distributed.destroy_process_group()


# ------------------------------------------------------------------------------ (a) the gradients
def _critic_and_batches():
    torch.manual_seed(0)
    critic = TableCritic(6, 0, (32, 32), pac=2)
    draws = torch.Generator().manual_seed(1)
    real, fake = torch.randn(16, 6, generator=draws), torch.randn(16, 6, generator=draws) * 2
    return critic, real, fake, torch.rand(16, 1, generator=draws)


def _critic_gradients(critic, real, fake, epsilon):
    wasserstein = critic(real).mean() - critic(fake).mean()
    (-wasserstein + 10 * gradient_penalty(critic, real, fake, None, epsilon)).backward()


def _gradient_worker(rank, folder):
    critic, real, fake, epsilon = _critic_and_batches()
    rows = slice(rank * 8, rank * 8 + 8)  # this rank's half of the batch
    _critic_gradients(critic, real[rows], fake[rows], epsilon[rows])
    DataParallel(rank, WORLD).average_gradients(critic)
    torch.save([parameter.grad for parameter in critic.parameters()], folder / f"gradients{rank}.pt")


def test_gradients_averaged_over_two_ranks_equal_one_processs_on_the_whole_batch(tmp_path):
    _run_ranks(_gradient_worker, tmp_path)
    critic, real, fake, epsilon = _critic_and_batches()
    _critic_gradients(critic, real, fake, epsilon)
    for rank in range(WORLD):
        averaged = torch.load(tmp_path / f"gradients{rank}.pt")
        for whole, share in zip(critic.parameters(), averaged):
            torch.testing.assert_close(share, whole.grad, atol=1e-6, rtol=0)


# --------------------------------------------------------------------------- (b) the same weights
def _fit_worker(rank, folder):
    table, labels = _table()
    model = WGANAugmenter(n_steps=20, batch_size=32, ema_decay=0.9, random_state=0).fit(table, labels)
    torch.save({"generator": model.generator_.state_dict(), "critic": model.critic_.state_dict(),
                "history": model.history_["critic_loss"], "rows": model.sample(40, random_state=1)[0]["x"].tolist()},
               folder / f"fit{rank}.pt")


def test_after_twenty_steps_both_ranks_hold_identical_weights_and_batch_norm_statistics(tmp_path):
    _run_ranks(_fit_worker, tmp_path)
    first, second = (torch.load(tmp_path / f"fit{rank}.pt", weights_only=False) for rank in range(WORLD))
    for network in ("generator", "critic"):
        assert first[network].keys() == second[network].keys()
        for name, tensor in first[network].items():
            assert torch.equal(tensor, second[network][name]), (network, name)
    assert any("running_mean" in name for name in first["generator"])
    assert first["rows"] == second["rows"]
    assert first["history"] != second["history"]  # each rank drew its own batches


# ----------------------------------------------------------------- (c) no group: one process's fit
def _single_worker(rank, folder):
    table, _ = _table()
    model = WGANAugmenter(n_steps=5, batch_size=32, strategy="single", random_state=0).fit(table)
    torch.save(model.generator_.state_dict(), folder / f"single{rank}.pt")


def test_single_strategy_in_a_group_and_auto_without_one_fit_bitwise_like_one_process(tmp_path):
    table, _ = _table()
    with one_thread():
        alone = WGANAugmenter(n_steps=5, batch_size=32, random_state=0).fit(table).generator_.state_dict()
        single = WGANAugmenter(n_steps=5, batch_size=32, strategy="single", random_state=0).fit(table)
    _run_ranks(_single_worker, tmp_path)
    for state in [single.generator_.state_dict()] + [torch.load(tmp_path / f"single{rank}.pt") for rank in (0, 1)]:
        assert all(torch.equal(tensor, alone[name]) for name, tensor in state.items())


def test_ddp_without_a_process_group_says_how_to_start_one():
    with pytest.raises(ValueError, match="strategy='ddp' needs an initialised torch.distributed process group"):
        WGANAugmenter(n_steps=1, strategy="ddp").fit(_table()[0])


# ------------------------------------------------- (d) errors raised alike on every rank, no hang
def _error_worker(rank, folder, rows, params):
    """Fit rank's table (``rows[rank]`` rows) and write the ValueError it raised, if any."""
    try:
        WGANAugmenter(n_steps=2, random_state=0, **params).fit(_table(rows[rank])[0])
    except ValueError as error:
        (folder / f"error{rank}.txt").write_text(str(error))


@pytest.mark.parametrize("rows, params, message", [
    ((120, 120), {"batch_size": 34, "pac": 2},
     "batch_size (34) is the global batch and must be a multiple of world size x pac (2 x 2 = 4)"),
    ((120, 121), {"batch_size": 32}, "the 2 ranks of the process group hold different training data or encoding"),
], ids=["batch that does not split", "ranks holding different rows"])
def test_a_bad_fit_fails_with_the_same_error_on_every_rank(tmp_path, rows, params, message):
    _run_ranks(_error_worker, tmp_path, rows, params)
    messages = {(tmp_path / f"error{rank}.txt").read_text() for rank in range(WORLD)}
    assert len(messages) == 1
    assert message in messages.pop()


# ------------------------------------------------------------------------------- (e) torchrun
def test_torchrun_fit_writes_one_model_file_that_loads_and_samples(tmp_path):
    table, labels = _table()
    table.assign(label=labels).to_csv(tmp_path / "data.csv", index=False)
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
               "-m", "wgan_augment_cli", "fit", str(tmp_path / "data.csv"), "-o", str(tmp_path / "model.wgan"),
               "--target", "label", "--steps", "20", "--seed", "0"]
    environment = {**os.environ, "GLOO_SOCKET_IFNAME": "lo"}
    finished = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path, env=environment)
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr.count("Saved the model to") == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.csv", "model.wgan"]
    rows, classes = load(tmp_path / "model.wgan").sample(30, y="rare", random_state=0)
    assert len(rows) == 30 and set(classes) == {"rare"}
