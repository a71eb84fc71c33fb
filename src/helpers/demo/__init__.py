"""A seeded, bilingual (Quebec French / English) comment stream on a public health agency's page.

Six months of a crisis (March to August 2020): posts several times a week, a daily and weekly rhythm,
informal writing (missing accents, emoji, joual, typos), and known injected events written to a
ground-truth file so that every detector can be tested against them:

- topic waves that emerge and fade (testing, lockdown rules, financial aid, masks, vaccination
  appointments, back to school) over a recurring background (thanks to health workers);
- two hostility spikes tied to specific announcements (lockdown extension, mask mandate);
- a period of rising then falling distress;
- waves of questions (where to get tested, how to book a vaccination appointment);
- a few malformed and duplicated rows, as real exports have.

Same seed and size, same files, byte for byte.

One module per part: :mod:`.script` (calendar, waves and phrases), :mod:`.writing` (informal writing),
:mod:`.stream` (the seeded stream), :mod:`.export` (the files written).
"""

from .export import write_demo
from .script import BACKGROUND, N_WEEKS, PAGE_AUTHOR, START, TOPIC_OPINION, WAVES, TopicWave
from .stream import generate

__all__ = ["BACKGROUND", "N_WEEKS", "PAGE_AUTHOR", "START", "TOPIC_OPINION", "WAVES", "TopicWave", "generate",
           "write_demo"]
