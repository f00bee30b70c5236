"""The 17 Sustainable Development Goals and the targets the campaign touches.

Goal titles are the official UN short titles (the SDG icons) in English, Spanish,
French and Portuguese (UN Brazil). Target texts are from the UN General Assembly
resolution A/RES/70/1 in its official languages, and its Portuguese version by the
UN in Brazil ("Transformando Nosso Mundo").

Checked on 2026-11-27 against: un.org/sustainabledevelopment/{es,fr} goal pages and
the UNDP French target list (A/RES/70/1 wording); open-sdg/sdg-translations
`translations/{es,fr}/global_targets.yml` (UNSD's lists); the UN Brazil text as
reproduced by ODS Brasil users. Spanish and Portuguese matched; French 10.c said
"3 %"/"5 %" where the resolution writes "pour cent". The indicator framework
(A/RES/71/313) later reworded two French targets: 10.7 "sûre ... politiques
migratoires", 10.c "circuits d'envois de fonds"; the 2015 wording is kept here.
ODS Brasil (IBGE) differs slightly from UN Brazil too (10.7 "de pessoas", 8.8
"pessoas com emprego precário"); UN Brazil's is used.
"""

# number: (en, es, fr, pt)
GOALS: dict[int, tuple[str, str, str, str]] = {
    1: (
        "No poverty",
        "Fin de la pobreza",
        "Pas de pauvreté",
        "Erradicação da pobreza",
    ),
    2: (
        "Zero hunger",
        "Hambre cero",
        "Faim « zéro »",
        "Fome zero e agricultura sustentável",
    ),
    3: (
        "Good health and well-being",
        "Salud y bienestar",
        "Bonne santé et bien-être",
        "Saúde e bem-estar",
    ),
    4: (
        "Quality education",
        "Educación de calidad",
        "Éducation de qualité",
        "Educação de qualidade",
    ),
    5: (
        "Gender equality",
        "Igualdad de género",
        "Égalité entre les sexes",
        "Igualdade de gênero",
    ),
    6: (
        "Clean water and sanitation",
        "Agua limpia y saneamiento",
        "Eau propre et assainissement",
        "Água potável e saneamento",
    ),
    7: (
        "Affordable and clean energy",
        "Energía asequible y no contaminante",
        "Énergie propre et d’un coût abordable",
        "Energia limpa e acessível",
    ),
    8: (
        "Decent work and economic growth",
        "Trabajo decente y crecimiento económico",
        "Travail décent et croissance économique",
        "Trabalho decente e crescimento econômico",
    ),
    9: (
        "Industry, innovation and infrastructure",
        "Industria, innovación e infraestructura",
        "Industrie, innovation et infrastructure",
        "Indústria, inovação e infraestrutura",
    ),
    10: (
        "Reduced inequalities",
        "Reducción de las desigualdades",
        "Inégalités réduites",
        "Redução das desigualdades",
    ),
    11: (
        "Sustainable cities and communities",
        "Ciudades y comunidades sostenibles",
        "Villes et communautés durables",
        "Cidades e comunidades sustentáveis",
    ),
    12: (
        "Responsible consumption and production",
        "Producción y consumo responsables",
        "Consommation et production responsables",
        "Consumo e produção responsáveis",
    ),
    13: (
        "Climate action",
        "Acción por el clima",
        "Mesures relatives à la lutte contre les changements climatiques",
        "Ação contra a mudança global do clima",
    ),
    14: (
        "Life below water",
        "Vida submarina",
        "Vie aquatique",
        "Vida na água",
    ),
    15: (
        "Life on land",
        "Vida de ecosistemas terrestres",
        "Vie terrestre",
        "Vida terrestre",
    ),
    16: (
        "Peace, justice and strong institutions",
        "Paz, justicia e instituciones sólidas",
        "Paix, justice et institutions efficaces",
        "Paz, justiça e instituições eficazes",
    ),
    17: (
        "Partnerships for the goals",
        "Alianzas para lograr los objetivos",
        "Partenariats pour la réalisation des objectifs",
        "Parcerias e meios de implementação",
    ),
}

# code: (goal, en, es, fr, pt)
TARGETS: dict[str, tuple[int, str, str, str, str]] = {
    "8.8": (
        8,
        "Protect labour rights and promote safe and secure working environments for "
        "all workers, including migrant workers, in particular women migrants, and "
        "those in precarious employment",
        "Proteger los derechos laborales y promover un entorno de trabajo seguro y sin "
        "riesgos para todos los trabajadores, incluidos los trabajadores migrantes, en "
        "particular las mujeres migrantes y las personas con empleos precarios",
        "Défendre les droits des travailleurs, promouvoir la sécurité sur le lieu de "
        "travail et assurer la protection de tous les travailleurs, y compris les "
        "migrants, en particulier les femmes, et ceux qui ont un emploi précaire",
        "Proteger os direitos trabalhistas e promover ambientes de trabalho seguros e "
        "protegidos para todos os trabalhadores, incluindo os trabalhadores migrantes, "
        "em particular as mulheres migrantes, e pessoas em empregos precários",
    ),
    "10.7": (
        10,
        "Facilitate orderly, safe, regular and responsible migration and mobility of "
        "people, including through the implementation of planned and well-managed "
        "migration policies",
        "Facilitar la migración y la movilidad ordenadas, seguras, regulares y "
        "responsables de las personas, incluso mediante la aplicación de políticas "
        "migratorias planificadas y bien gestionadas",
        "Faciliter la migration et la mobilité de façon ordonnée, sans danger, "
        "régulière et responsable, notamment par la mise en œuvre de politiques de "
        "migration planifiées et bien gérées",
        "Facilitar a migração e a mobilidade ordenada, segura, regular e responsável "
        "das pessoas, inclusive por meio da implementação de políticas de migração "
        "planejadas e bem geridas",
    ),
    "10.c": (
        10,
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant "
        "remittances and eliminate remittance corridors with costs higher than "
        "5 per cent",
        "De aquí a 2030, reducir a menos del 3% los costos de transacción de las "
        "remesas de los migrantes y eliminar los corredores de remesas con un costo "
        "superior al 5%",
        "D’ici à 2030, faire baisser au-dessous de 3 pour cent les coûts de "
        "transaction des envois de fonds effectués par les migrants et éliminer les "
        "couloirs de transfert de fonds dont les coûts sont supérieurs à 5 pour cent",
        "Até 2030, reduzir para menos de 3% os custos de transação de remessas dos "
        "migrantes e eliminar os corredores de remessas com custos superiores a 5%",
    ),
    "17.3": (
        17,
        "Mobilize additional financial resources for developing countries from "
        "multiple sources",
        "Movilizar recursos financieros adicionales de múltiples fuentes para los "
        "países en desarrollo",
        "Mobiliser des ressources financières supplémentaires de diverses "
        "provenances en faveur des pays en développement",
        "Mobilizar recursos financeiros adicionais para os países em desenvolvimento "
        "a partir de múltiplas fontes",
    ),
}
