"""Signals a page team can least afford to miss: threats and self-harm, French (Quebec) and English.

Written for these checks, apart from the lexicons and the training templates, the way people write on
a public page: joual, no accents, slang. Each list has civil comments beside it that share words with
the signal (a threat to a plan, "killing it", a news item on suicide prevention) and must not be flagged.
"""

THREATS = {
    "fr": [
        "m'as te pogner dans le stationnement pis tu vas comprendre",
        "m'as aller te voir chez vous mon esti",
        "le ministre mériterait de se faire fusiller sur la place publique",
        "si vous fermez encore les écoles, on va brûler vos bureaux",
        "tu vas le regretter, je sais où tu travailles",
        "quelqu'un devrait régler son cas au docteur Arruda une fois pour toutes",
        "continuez de même pis vous allez voir ce qui va vous arriver",
        "on va vous attendre à la sortie du parlement",
        "fais attention à toi quand tu sors de l'hôpital ce soir",
        "je vais te casser la gueule la prochaine fois que je te vois",
        "les infirmières qui vaccinent, on va s'en occuper",
        "vous l'aurez pas vu venir",
    ],
    "en": [
        "I'm gonna find you after your shift and you'll regret it",
        "the health minister should be hanged for this",
        "keep closing our businesses and we'll burn your office down",
        "we know where you live, doctor",
        "you won't see it coming",
        "someone needs to put a bullet in that mayor",
        "watch your back when you leave the clinic tonight",
        "if you mandate vaccines there will be blood",
        "I will hurt the next nurse who tells me to wear a mask",
        "you and your staff are going to pay for this, count on it",
        "those councillors deserve to be shot",
        "wait until we show up at city hall, you'll see",
    ],
}
NOT_THREATS = {
    "fr": [
        "cette décision va tuer les petits commerces",
        "je vais vous écrire pour avoir des détails",
        "on va se voir au parc dimanche",
        "ce plan-là va mourir au feuilleton",
        "merci de prendre soin de nous",
        "je suis morte de rire avec cette annonce",
        "faites attention à vous pendant la canicule",
        "la campagne de vaccination est une bombe, bravo",
        "on va attendre les résultats avant de juger",
        "vous allez voir, ça va bien aller",
    ],
    "en": [
        "this rule will kill small businesses",
        "our team is killing it this week, great work",
        "I'll see you at the vaccine clinic tomorrow",
        "watch out for the ice on the sidewalks",
        "we'll be there at city hall for the meeting",
        "that announcement was the bomb, thanks",
        "take care of yourselves during the heat wave",
        "I'm dying to see my grandkids again",
        "you'll see, it will all work out",
        "the plan is dead on arrival, sadly",
    ],
}
SELF_HARM = {
    "fr": [
        "j'ai pu la force de continuer, je veux juste que ça finisse",
        "des fois je me dis que personne s'ennuierait de moi",
        "ça me tente pu de me réveiller le matin",
        "je pense à me faire du mal depuis que j'ai perdu ma job",
        "à quoi bon continuer, j'ai tout perdu",
        "j'ai écrit une lettre à mes enfants au cas où",
        "je vois pu de raison de vivre",
        "je veux juste disparaître pour de bon",
    ],
    "en": [
        "I don't see a reason to keep going anymore",
        "sometimes I think everyone would be better off without me",
        "I've been thinking about ending it since I lost my job",
        "I just want to sleep and not wake up",
        "what's the point of going on, I lost everything",
        "I've started giving my things away",
        "I keep thinking about hurting myself",
        "no one would even notice if I was gone",
    ],
}
NOT_SELF_HARM = {
    "fr": [
        "merci pour la ligne de prévention du suicide, ça aide",
        "je suis épuisée mais on tient le coup",
        "je suis tellement tannée du confinement",
        "j'ai perdu ma job, je cherche de l'aide pour le loyer",
        "ça me tue de pas voir ma mère",
        "je veux juste que la pandémie finisse",
        "la santé mentale des jeunes, il faut en parler",
        "on est à bout, mais on continue",
    ],
    "en": [
        "thanks for sharing the suicide prevention line",
        "I'm exhausted but we're holding on",
        "this lockdown is killing me, I miss my friends",
        "I lost my job and need help with rent",
        "I just want this pandemic to end",
        "mental health matters, please check on your neighbours",
        "I'm so tired of these rules",
        "we're at the end of our rope but we keep going",
    ],
}

# A second set, written after the patterns above were added, to check they were not fitted to the first.
LATER_THREATS = {
    "fr": [
        "toé le maire, on va te retrouver pis ça va faire mal",
        "si j'étais toi je sortirais pas de chez nous ces temps-ci",
        "je vais vous faire payer ça un par un",
        "ça prendrait juste une balle pour régler le problème du premier ministre",
        "m'as te montrer c'est quoi la vraie colère",
        "à votre place je surveillerais mes arrières",
        "les gardes de sécurité vont y goûter la prochaine fois",
        "on connaît ton adresse, madame la directrice",
        "je vais revenir avec mes gars pis on va tout casser",
        "vous méritez de crever, toute la gang du ministère",
    ],
    "en": [
        "you better hope I never see you in person",
        "one of these days someone is going to take care of that premier",
        "I know your car, I know your route home",
        "the nurses at that clinic will get what's coming to them",
        "I'll make sure you regret this decision personally",
        "if I were you I'd stay inside for a while",
        "keep it up and you'll end up in the hospital yourself",
        "we're going to make an example of you",
        "somebody should shoot the health officer",
        "next time I come to your office it won't be to talk",
    ],
}
LATER_NOT_THREATS = {
    "fr": [
        "on va se retrouver au festival cet été",
        "je vais vous écrire une lettre pour vous remercier",
        "la facture d'électricité va faire mal ce mois-ci",
        "si j'étais vous je prendrais des vacances, vous le méritez",
        "on connaît tous quelqu'un qui travaille à l'hôpital",
        "je vais revenir au centre pour ma deuxième dose",
        "vous méritez une médaille, toute l'équipe",
        "ce virus va nous faire payer cher notre négligence",
        "surveillez vos courriels pour le rendez-vous",
        "attention aux fausses nouvelles sur Facebook",
    ],
    "en": [
        "I hope I see you all at the reopening party",
        "someone is going to take care of my mom while I work, thank goodness",
        "I know the route to the clinic, it's easy to find",
        "the nurses deserve everything good coming to them",
        "you won't regret getting vaccinated",
        "if I were you I'd book early",
        "keep it up, you're doing great work",
        "we're going to make it through this together",
        "our team is shooting a video about the vaccine",
        "next time I come I'll bring donuts for the staff",
    ],
}
LATER_SELF_HARM = {
    "fr": [
        "j'en ai assez de vivre comme ça, je veux que ça arrête pour de bon",
        "je me demande si ça vaut la peine de continuer à vivre",
        "je pense souvent à mourir ces temps-ci",
        "personne remarquerait si je partais",
        "je me sens comme un poids pour ma famille, ils seraient mieux sans moi",
        "j'ai plus rien à perdre, je pense à m'enlever la vie",
    ],
    "en": [
        "I'm tired of living like this, I want it to stop for good",
        "I wonder if life is even worth living anymore",
        "I think about dying a lot lately",
        "nobody would notice if I disappeared",
        "I feel like a burden to my family, they'd be better without me",
        "I have nothing left to lose, I've thought about taking my life",
    ],
}
LATER_NOT_SELF_HARM = {
    "fr": [
        "je suis mort de fatigue après mon quart de travail",
        "mon père est mort de la covid, merci aux soignants",
        "j'ai envie que ça finisse, ce confinement",
        "la détresse des aînés me brise le coeur",
        "appelez le 811 si vous avez besoin de parler",
        "je me sens seule mais ma soeur m'appelle tous les soirs",
    ],
    "en": [
        "I'm dead tired after my shift",
        "my dad died of covid, thank you to the caregivers",
        "I want this lockdown to be over",
        "the distress of seniors breaks my heart",
        "call 811 if you need to talk to someone",
        "I feel lonely but my sister calls me every night",
    ],
}
