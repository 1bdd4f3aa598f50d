"""The programme mechanisms: mentee kinds, collectives, establishment, ranks, secondment, Party,
a pool led by demand, rollout and stop dates, calendar time, and the rules of a pair's length."""

import numpy as np
import pandas as pd
import pytest

from sim.model.careers import Rank
from sim.model.establishment import in_establishment, posts, township_of
from sim.model.kinds import KIND_CODES, Kind
from sim.model.model import CadreModel
from sim.model.run import collect, run_to_end
from sim.params.scenario import load_scenario
from sim.params.schema import Scenario

# a small county with every mechanism on
FULL = {
    "run.years": 8,
    "population.initial_cadres": 600,
    "population.units": 40,
    "population.initial_pool_size": 30,
    "establishment.intake": "vacancies",
    "establishment.growth_per_year": 0.02,
    "establishment.townships": 6,
    "mentees.selected_graduate_share": 0.2,
    "mentees.village_youth_per_year": 20,
    "mentees.wealth_leader_per_year": 10,
    "mentees.village_member_per_election": 30,
    "mentees.election_year": 2005,
    "mentees.new_leader_window_years": 1.0,
    "careers.enabled": True,
    "careers.leaders_per_township": 5,
    "careers.county_posts": 8,
    "careers.county_leaders_at_start": 6,
    "careers.county_leader_capacity": 2,
    "careers.excellent_share": 0.0,
    "secondment.per_year": 10,
    "party.join_rate": 0.2,
    "collectives.initial": 8,
    "collectives.new_per_year": 3,
    "collectives.mentors_each": 2,
    "pool.admission": "demand",
    "pool.review_scope": "all",
    "pool.entry_willingness": 0.3,
    "pairing.form": "one_to_many",
    "pairing.mentees_per_mentor": 2,
}


def full(**extra) -> Scenario:
    return Scenario().with_overrides({**FULL, **extra})


def run_checking(scenario: Scenario, check, seed: int = 3) -> CadreModel:
    model = CadreModel(params=scenario, rng=seed)
    while model.running:
        model.step()
        check(model)
    return model


def test_quotas_places_and_establishment_hold_every_month():
    sc = full()
    cp, pp = sc.careers, sc.pairing
    seen = {"leaders": 0, "collective_mentors": 0}

    def check(model):
        pop, n = model.pop, model.pop.n
        alive = pop.alive[:n]
        est = in_establishment(model)
        assert np.count_nonzero(est) <= posts(model), "headcount beyond the establishment"
        rank = pop.rank[:n]
        assert np.count_nonzero(alive & (rank == Rank.COUNTY)) <= cp.county_posts
        leaders = np.flatnonzero(alive & (rank == Rank.TOWNSHIP_LEADER))
        assert np.bincount(township_of(model, leaders), minlength=6).max(initial=0) <= cp.leaders_per_township
        seen["leaders"] += len(leaders)
        places = pop.n_mentees[:n] + pop.n_collectives[:n]
        in_pool = pop.in_pool[:n]
        assert (places[in_pool & (rank != Rank.COUNTY)] <= pp.mentees_per_mentor).all(), "a mentor above capacity"
        assert (pop.n_mentees[:n][rank == Rank.COUNTY] <= cp.county_leader_capacity).all()
        assert (places[~in_pool & (rank != Rank.COUNTY)] == 0).all(), "a mentor outside the pool"
        col = model.collectives
        mentors = col.mentor[col.mentor >= 0]
        assert np.array_equal(np.bincount(mentors, minlength=n)[:n], pop.n_collectives[:n]), "collective places"
        assert pop.alive[mentors].all() and pop.in_pool[mentors].all()
        seen["collective_mentors"] += len(mentors)

    model = run_checking(sc, check)
    assert seen["leaders"] > 0 and seen["collective_mentors"] > 0  # the checks had something to check
    assert sum(model.promotions.values()) > 0


def test_nobody_promoted_below_minimum_years_or_beyond_the_age_limit():
    sc = full(**{"run.years": 10})
    cp = sc.careers
    model = CadreModel(params=sc, rng=5)
    run_to_end(model)
    ev = model.events.table()
    promoted = ev[ev.event == "promoted"]
    assert set(promoted.detail) == {"level4", "township_leader", "county"}
    pop = model.pop
    hire = pop.everyone("hire_month")[promoted.cadre.to_numpy()]  # events name cadres by id
    service = (promoted.month.to_numpy() - hire) / 12
    to_l4 = (promoted.detail == "level4").to_numpy()
    assert (service[to_l4] >= cp.l4_min_years - 1e-9).all()
    # to county level: years since the promotion to the township team, for those promoted in the run
    team = promoted[promoted.detail == "township_leader"].set_index("cadre").month
    county = promoted[promoted.detail == "county"]
    in_run = county[county.cadre.isin(team.index)]
    assert len(in_run) > 0
    years = (in_run.month.to_numpy() - team.loc[in_run.cadre].to_numpy()) / 12
    assert (years >= cp.county_min_years - 1e-9).all()
    # age limits at promotion: the age now minus the months since
    age_then = (pop.everyone("age_months")[promoted.cadre.to_numpy()] - (model.steps - promoted.month.to_numpy())) / 12
    leader = (promoted.detail == "township_leader").to_numpy()
    assert (age_then[leader] <= cp.leader_max_age + 1e-9).all()
    assert (age_then[~leader & ~to_l4] <= cp.county_max_age + 1e-9).all()


def test_people_are_conserved_by_kind_every_month():
    sc = full()
    model = CadreModel(params=sc, rng=7)
    previous = np.bincount(model.pop.kind[: model.pop.n][model.pop.alive[: model.pop.n]], minlength=len(Kind))
    village = [int(k) for k in (Kind.VILLAGE_YOUTH, Kind.VILLAGE_MEMBER, Kind.WEALTH_LEADER)]
    while model.running:
        first = model.pop.ever
        model.step()
        pop, n = model.pop, model.pop.n
        ev = model.events.table()
        month = ev[ev.month == model.steps]
        kind = pop.everyone("kind")  # by id: the event log's
        hired = np.bincount(kind[np.arange(first, pop.ever)], minlength=len(Kind))
        exits = np.bincount(kind[month[month.event == "exit"].cadre.to_numpy()], minlength=len(Kind))
        now = np.bincount(pop.kind[:n][pop.alive[:n]], minlength=len(Kind))
        for k in village:  # village kinds never change kind
            assert now[k] == previous[k] + hired[k] - exits[k], KIND_CODES[k]
        est = [int(k) for k in (Kind.RECRUIT, Kind.SELECTED_GRADUATE, Kind.NEW_LEADER)]
        assert now[est].sum() == previous[est].sum() + hired[est].sum() - exits[est].sum()
        assert model.latest["headcount"] == now.sum()  # collectives are not people
        previous = now
    assert model.pop.archive.rows > 0 and np.array_equal(model.pop.everyone("cadre_id"), np.arange(model.pop.ever))


def test_collectives_are_counted_apart_and_turned_around_above_the_threshold():
    sc = full(**{"collectives.initial": 20, "collectives.new_per_year": 0})
    model = CadreModel(params=sc, rng=2)
    people = model.pop.n
    run_to_end(model)
    col = model.collectives
    assert len(col) == 20 and model.pop.n > people  # 20 collectives, none of them in the population
    turned = col.turned_month >= 0
    assert model.latest["cum_collectives_turned"] == turned.sum() == col.turned_around > 0
    assert (col.score[turned] >= sc.collectives.threshold - 1e-9).all()
    assert (col.score[~turned] < sc.collectives.threshold).all()
    assert (col.mentor[turned] == -1).all()
    # without a mentor a weak organisation only declines
    alone = CadreModel(
        params=full(**{"collectives.initial": 20, "collectives.new_per_year": 0, "pairing.enabled": False}), rng=2
    )
    start = alone.collectives.score.copy()
    run_to_end(alone)
    assert alone.collectives.turned_around == 0 and (alone.collectives.score <= start + 1e-12).all()


def test_the_introducer_is_a_mentor_only_when_there_is_one():
    model = CadreModel(params=full(), rng=4)
    run_to_end(model)
    res = collect(model)
    joined = res.events[res.events.event == "joined_party"]
    assert len(joined) > 20
    pairs = res.pairs
    with_mentor = joined[joined.other >= 0]
    assert 0 < len(with_mentor) < len(joined)
    for row in with_mentor.itertuples():
        theirs = pairs[(pairs.mentee == row.cadre) & (pairs.mentor == row.other) & (pairs.start_month <= row.month)]
        assert len(theirs), f"cadre {row.cadre} introduced by {row.other}, never their mentor"
    never_paired = joined[~joined.cadre.isin(pairs.mentee)]
    assert (never_paired.other == -1).all()
    assert res.summary["introducer_share"] == pytest.approx(len(with_mentor) / len(joined))


def test_pairs_never_outlast_the_window_or_the_pairing_length():
    sc = full(**{"pairing.pairing_months": 30})
    model = CadreModel(params=sc, rng=9)
    run_to_end(model)
    res = collect(model)
    pop = model.pop
    assert pop.everyone("mentored_months").max() <= 30
    pairs = res.pairs.copy()
    end = np.where(pairs.end_month >= 0, pairs.end_month, model.steps)
    recruit = pop.everyone("kind")[pairs.mentee.to_numpy()] == Kind.RECRUIT
    window = sc.flows.mentee_window_years * 12
    assert ((end - pop.everyone("hire_month")[pairs.mentee.to_numpy()])[recruit] <= window).all()


def test_removed_mentors_do_not_reenter_within_the_year():
    sc = full(**{"pool.review_removal_share": 0.3, "pool.entry_willingness": 1.0, "run.years": 10})
    model = CadreModel(params=sc, rng=1)
    run_to_end(model)
    ev = model.events.table()
    removed = ev[ev.event == "pool_removal"][["cadre", "month"]]
    entered = ev[ev.event == "pool_entry"][["cadre", "month"]]
    both = removed.merge(entered, on="cadre", suffixes=("_out", "_in"))
    assert len(removed) > 20
    assert not ((both.month_in >= both.month_out) & (both.month_in - both.month_out < 12)).any()


def test_a_pool_led_by_demand_leaves_fewer_idle_mentors():
    idle = {}
    for rule in ("willing", "demand"):
        sc = full(**{"pool.admission": rule, "pool.entry_willingness": 0.3, "collectives.initial": 0})
        shares = []
        for seed in range(3):
            res = collect(run_model(sc, seed))
            tail = res.series.iloc[-36:]
            shares.append((tail.idle_mentors / tail.pool_size).mean())
        idle[rule] = float(np.mean(shares))
    assert idle["demand"] < 0.6 * idle["willing"], idle


def run_model(sc: Scenario, seed: int) -> CadreModel:
    model = CadreModel(params=sc, rng=seed)
    run_to_end(model)
    return model


def test_a_pilot_pairs_in_its_township_first_and_a_stopped_programme_pairs_no_more():
    sc = full(
        **{
            "run.start_year": 2004, "run.start_month": 4, "programme.pilot_townships": 1,
            "programme.county_wide_year": 2006, "programme.county_wide_month": 4,
            "programme.stop_year": 2010, "programme.stop_month": 1,
        }
    )  # fmt: skip
    model = run_model(sc, 3)
    res = collect(model)
    pairs = res.pairs
    wide = 25  # April 2006 is month 25 from April 2004
    early = pairs[pairs.start_month < wide]
    assert len(early) > 0
    townships = model.pop.everyone("unit") % sc.establishment.townships  # by id, as the pair table names cadres
    assert (townships[early.mentee.to_numpy()] == 0).all()
    assert (townships[early.mentor.to_numpy()] == 0).all()
    assert (townships[pairs[pairs.start_month >= wide].mentee.to_numpy()] > 0).any()
    stop = 70  # January 2010
    assert (pairs.start_month < stop).all()
    assert (pairs.end_month.between(1, stop)).all()
    assert (res.series[res.series.month >= stop].active_pairs == 0).all()
    assert (pairs.end_reason == "programme_stopped").sum() > 0


def test_a_pilot_has_its_own_cap_and_none_leaves_the_runs_as_they_were():
    """Anji's pilot: 4 veterans cannot take 11 young cadres at 2 each; the pilot's own cap lets them."""
    pilot = {
        "run.start_year": 2004, "run.start_month": 4, "run.years": 2, "programme.pilot_townships": 1,
        "programme.county_wide_year": 2005, "programme.county_wide_month": 4, "population.initial_pool_size": 4,
        "pool.entry_willingness": 0.0, "pairing.form": "one_to_many", "pairing.mentees_per_mentor": 2,
        "mentees.selected_graduate_share": 0.0, "careers.county_leader_capacity": 0, "population.share_young": 0.3,
        "population.share_independent": 0.25,
    }  # fmt: skip
    wide = 13  # April 2005 is month 13 from April 2004
    runs = {
        cap: collect(run_model(full(**pilot, **{"programme.pilot_mentees_per_mentor": cap}), 5)) for cap in (0, 2, 4)
    }
    pd.testing.assert_frame_equal(runs[0].series, runs[2].series)  # 0: the county-wide cap, as before

    def most_at_once(pairs: pd.DataFrame, months: range) -> int:
        """The most mentees one mentor had at once in ``months``."""
        ends = pairs.end_month.fillna(-1).to_numpy()
        return max(
            int(pairs[(pairs.start_month <= m) & ((ends <= 0) | (ends > m))].groupby("mentor").size().max() or 0)
            for m in months
        )

    assert most_at_once(runs[0].pairs, range(1, wide)) <= 2
    assert 2 < most_at_once(runs[4].pairs, range(1, wide)) <= 4


def test_calendar_dates_run_from_the_start_month_to_the_end_month():
    sc = load_scenario("anji")
    assert (sc.run.start_year, sc.run.start_month, sc.run.end_year, sc.run.end_month) == (2004, 4, 2025, 5)
    assert sc.run.months == 254
    short = sc.with_overrides({"run.end_year": 2005, "run.end_month": 3, "population.initial_cadres": 300})
    res = collect(run_model(short, 1))
    assert list(res.series.date[[1, 9, 12]]) == ["2004-04", "2004-12", "2005-03"]
    assert len(res.series) == 13
    with pytest.raises(Exception, match="before start_year"):
        sc.with_overrides({"run.end_year": 2003})


def test_mentees_of_every_kind_are_paired_and_reported():
    model = run_model(full(**{"run.years": 6}), 2)
    res = collect(model)
    by_kind = res.breakdown["mentees_by_kind"]
    assert set(by_kind) == set(KIND_CODES)
    series = res.series
    for code in ("recruit", "selected_graduate", "village_youth", "village_member", "wealth_leader", "new_leader"):
        assert series[f"mentees_{code}"].max() > 0, code
    every = model.pop.everyone  # by id, as the tables name cadres
    graduates = every("kind")[res.pairs.mentee.to_numpy()] == Kind.SELECTED_GRADUATE
    assert (every("rank")[res.pairs.mentor.to_numpy()[graduates]] == Rank.COUNTY).all()
    assert sum(res.breakdown["promotions_by_rank"].values()) == res.summary["promotions"] > 0
    assert res.summary["secondments"] == every("secondments").sum() > 0


@pytest.mark.parametrize("name", ["anji", "guyuan", "xianan", "huzhou_2025", "city"])
def test_programme_scenarios_run_and_count_what_their_reports_count(name):
    sc = load_scenario(name)
    model = run_model(sc, sc.run.seed)
    res = collect(model)
    s = res.summary
    assert s["pairs_formed"] > 0 and s["mentees"] > 0
    assert isinstance(res.series, pd.DataFrame) and res.series.date.iloc[-1] != "start"
    counted = {
        "guyuan": "collectives_turned_around",
        "xianan": "promotions",
        "city": "introducer_share",
        "huzhou_2025": "pool_removals",
        "anji": "mentees_per_mentor",
    }[name]
    assert s[counted] > 0, counted


def test_mentoring_counts_in_the_appraisal():
    """With a large weight on mentoring, more of those promoted are cadres who mentor."""
    share = {}
    for weight in (0.0, 3.0):
        promoted_mentors, promoted = 0, 0
        for seed in range(3):
            model = run_model(full(**{"careers.mentoring_weight": weight, "run.years": 8}), seed)
            ev = model.events.table()
            who = ev[ev.event == "promoted"].cadre.to_numpy()
            promoted += len(who)
            promoted_mentors += int(np.count_nonzero(model.pop.everyone("mentees_total")[who] > 0))
        share[weight] = promoted_mentors / promoted
    assert share[3.0] > share[0.0] + 0.05, share


def test_village_youths_arrive_from_their_first_year_only():
    model = run_model(full(**{"mentees.village_youth_from_year": 2008, "run.years": 8}), 1)
    ev = model.events.table()
    hired = ev[(ev.event == "hired") & (ev.detail == "village_youth")]
    assert len(hired) > 0
    first = hired.month.min()  # 2008's intake month: model month 4 * 12 + intake_month
    assert first == 4 * 12 + model.params.flows.intake_month


@pytest.mark.parametrize("top", [1.0, 0.1])
def test_secondment_draws_from_the_best_appraised_share(top):
    """選派 from the top tenth sends only cadres appraised in the top tenth of those eligible that year."""
    model = CadreModel(params=full(**{"secondment.chosen_from_top": top, "secondment.per_year": 12}), rng=5)
    ranks = []
    while model.running:
        before = model.pop.everyone("seconded_month").copy()  # by id: rows move up at a compaction
        model.step()
        n, ever = model.pop.n, model.pop.ever
        now = model.pop.everyone("seconded_month")
        sent = model.pop.rows_of(np.flatnonzero(now != np.pad(before, (0, ever - len(before)), constant_values=-1)))
        if len(sent):
            pop = model.pop
            eligible = np.flatnonzero(
                in_establishment(model)
                & (pop.age_months[:n] < model.params.secondment.max_age * 12)
                & (pop.rank[:n] <= Rank.LEVEL4)
                & ((pop.seconded_month[:n] < 0) | np.isin(np.arange(n), sent))
            )
            score = pop.appraisal[eligible]
            ranks += [float((score > pop.appraisal[c]).mean()) for c in sent]  # share of eligible above each
    assert len(ranks) >= 12 * 5
    if top < 1:
        assert max(ranks) <= 0.1 + 0.02  # within the best tenth (and ties)
    else:
        assert 0.35 < float(np.mean(ranks)) < 0.65  # at random: from anywhere
