"""Batch loaders: one caller giving up never takes the answer away from the others."""

from __future__ import annotations

import asyncio

from jam.queries.loaders import SharedLoader


async def test_a_cancelled_caller_does_not_cancel_the_key_it_shares() -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def load(keys: list[int]) -> list[str]:
        started.set()
        await release.wait()
        return [f"value {k}" for k in keys]

    loader: SharedLoader[int, str] = SharedLoader(load)

    async def caller() -> str:
        return await loader.load(1)

    leaving = asyncio.create_task(caller())
    staying = asyncio.create_task(caller())
    await started.wait()
    leaving.cancel()
    await asyncio.sleep(0)
    release.set()
    assert await staying == "value 1"
    assert leaving.cancelled()


async def test_a_cancelled_caller_does_not_stop_the_batch() -> None:
    release = asyncio.Event()

    async def load(keys: list[int]) -> list[int]:
        await release.wait()
        return [k * 10 for k in keys]

    loader: SharedLoader[int, int] = SharedLoader(load)
    leaving = asyncio.ensure_future(loader.load_many([1, 2]))
    await asyncio.sleep(0.01)
    leaving.cancel()
    staying = asyncio.ensure_future(loader.load_many([2, 3]))
    await asyncio.sleep(0.01)
    release.set()
    assert await staying == [20, 30]
