"""Comments of one French public-service page, shared by the language and scoring tests."""

FRENCH_PAGE = [
    "merci pour les informations sur la vaccination, c'est clair",
    "est-ce que la clinique de Sherbrooke est ouverte samedi?",
    "chu tanné des mesures, ça fait deux ans que ça dure",
    "ma mère attend encore son rendez-vous depuis trois semaines",
    "bravo aux infirmières qui travaillent fort dans les hôpitaux",
    "pourquoi les écoles ferment encore avant les vacances",
    "on nous dit une chose le lundi pis le contraire le jeudi",
    "quelqu'un sait où on peut se faire tester à Québec?",
    "les centres de dépistage sont pleins depuis ce matin",
    "j'ai reçu ma deuxième dose hier, tout s'est bien passé",
    "vous devriez publier les chiffres par région aussi",
    "c'est ben beau les annonces mais les gens ont besoin d'aide",
    "le site web plante à chaque fois que j'essaie de réserver",
    "mes enfants ont hâte de retourner voir leurs grands-parents",
    "merci au personnel de la santé pour tout ce que vous faites",
    "la ligne téléphonique ne répond jamais, c'est décourageant",
    "est-ce que le passeport vaccinal sera exigé dans les restaurants?",
    "on manque de masques dans les résidences pour aînés",
    "je comprends pas pourquoi les règles changent chaque semaine",
    "bonne nouvelle pour les familles, enfin un peu de répit",
    "les commerçants du quartier souffrent beaucoup de la fermeture",
    "il faudrait plus de cliniques en région éloignée",
    "les autobus passent moins souvent depuis le début de la crise",
    "est-ce que les rendez-vous annulés seront reportés automatiquement?",
    "ma voisine vit seule et personne ne vient la voir depuis des mois",
    "on aimerait avoir des nouvelles plus souvent sur cette page",
]
# Short informal comments that lingua, reading each one alone, takes for Tagalog, German or Dutch.
SHORT_FRENCH = ["gang de caves", "tabarnak", "bonne idee", "wesh gros", "lache pas", "ntm fdp"]
