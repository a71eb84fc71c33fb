"""Comments for the triage tests: self-harm wording, civil comments, one question asked many ways."""

# Written for these tests, apart from the lexicon entries: passive and indirect wording, Quebec French.
SELF_HARM = ["J'ai pu envie de vivre, ça vaudrait pas la peine de continuer", "des fois je veux juste disparaitre",
             "Honestly I wish I was dead, everyone would be better off without me",
             "I don't see the point of going on, I can't go on like this"]

CIVIL = ["Merci au personnel de la santé pour votre travail", "Les autobus passent-ils encore le dimanche?",
         "Great update, thanks for the clear information", "Je trouve les nouvelles règles difficiles à suivre",
         "The prevention line helped my neighbour a lot", "On a hâte de revoir nos parents au CHSLD"]

QUESTIONS = ["Où est-ce qu'on peut se faire tester à Laval?", "où se faire tester a laval svp?",
             "C'est où pour se faire tester à Laval?", "Is the testing site open on weekends?",
             "is the testing site open on the weekend?", "Les autobus passent-ils encore le dimanche?"]
