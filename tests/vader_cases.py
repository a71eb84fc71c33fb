"""Texts that exercise every VADER rule, for the tests of helpers.models.vader and vader_jit."""

# Each of VADER's rules at least once: boosters, capitals, "kind of", "no", negation one to three words
# back, "never so", "without doubt", "least", idioms, "but", punctuation, emoji and emoticons.
RULE_CASES = [
    "VADER is smart, handsome, and funny.", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all", "no problem, no worries", "I have no good or nice ideas", "this is never so good", "never this bad",
    "without doubt the best", "it was the least bad option", "at least the staff were kind", "very least helpful",
    "that movie was the bomb", "yeah right, great job", "this is the shit!!!!!", "what?? really??? great?!?!",
    "kiss of death for the plan", "it's sort of ok", "I don't hate it but I do not love it either", "😡😡 merde alors",
    "c'est pas bon du tout, mais merci quand même", "j'adore ❤️ vraiment super", "", "   ", "!!!", "bus stop nearby was great",
    "good good good but bad bad", "it was good but then good but bad", "I couldn't say it is GREAT", "to die for, honestly",
    "my beating heart is happy", "just enough good food", "HAPPY happy SAD day", "ALL CAPS AND GREAT", "no no good",
    "I don't, not, never like it", "it is not the least bit good", "never so bad but never this good",
    "it is without doubt good", "that was the kiss of death", "for me it is to die for", "he is a bad ass",
]
