"""The home page and the order in which the site's pages are built (parents first)."""

from .content_about import OUR_WORK, PARTNERSHIPS, STRUCTURE, WHERE_WE_WORK, WHO_WE_ARE
from .content_data import AGENDA_2030, DATA_RESEARCH, GET_INVOLVED, SHARE_YOUR_STORY
from .content_legal import ACCESSIBILITY, CONTACT, NEWS, PRIVACY
from .texts import Spec, lang

HOME = {
    "key": "home",
    "type": "home",
    "slug": lang(en="home", es="inicio", fr="accueil", pt="pagina-inicial"),
    "title": lang(
        en="Migrants Count in the Americas",
        es="Migrantes Cuentan en las Américas",
        fr="Les migrants comptent dans les Amériques",
        pt="Migrantes Contam nas Américas",
    ),
    "intro": lang(
        en=(
            "A campaign of the Organization of American States and the International "
            "Organization for Migration that shows, with data and first-hand stories, "
            "how migrants contribute to sustainable development in the countries they "
            "leave and in the countries where they build their lives."
        ),
        es=(
            "Una campaña de la Organización de los Estados Americanos y la Organización "
            "Internacional para las Migraciones que muestra, con datos y testimonios en "
            "primera persona, cómo las personas migrantes contribuyen al desarrollo "
            "sostenible de los países que dejan y de aquellos donde construyen su vida."
        ),
        fr=(
            "Une campagne de l’Organisation des États Américains et de l’Organisation "
            "internationale pour les migrations qui montre, données et témoignages à "
            "l’appui, comment les migrants contribuent au développement durable des pays "
            "qu’ils quittent comme de ceux où ils construisent leur vie."
        ),
        pt=(
            "Uma campanha da Organização dos Estados Americanos e da Organização "
            "Internacional para as Migrações que mostra, com dados e relatos em primeira "
            "pessoa, como os migrantes contribuem para o desenvolvimento sustentável dos "
            "países que deixam e daqueles onde constroem a sua vida."
        ),
    ),
    "body": [
        (
            "heading",
            lang(
                en="Why migrants count",
                es="Por qué cuentan las personas migrantes",
                fr="Pourquoi les migrants comptent",
                pt="Por que os migrantes contam",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Migration has shaped the Americas for centuries. Today millions "
                    "of women and men work, study, care for others, start businesses and "
                    "pay taxes far from the place where they were born, while sending "
                    "support to the families and communities they left behind.</p>"
                    "<p>Their contribution is too often invisible, and public debate is "
                    "too often shaped by fear rather than facts. Migrants Count sets out "
                    "to change that: to recognise what migrants bring to their countries "
                    "of origin and of destination, to promote their inclusion, and to "
                    "counter discrimination and xenophobia with evidence and with the "
                    "voices of migrants themselves.</p>"
                ),
                es=(
                    "<p>La migración ha dado forma a las Américas durante siglos. Hoy, "
                    "millones de mujeres y hombres trabajan, estudian, cuidan de otras "
                    "personas, crean empresas y pagan impuestos lejos del lugar donde "
                    "nacieron, a la vez que apoyan a las familias y comunidades que "
                    "dejaron atrás.</p>"
                    "<p>Su aporte suele ser invisible, y el debate público se guía con "
                    "demasiada frecuencia por el miedo y no por los hechos. Migrantes "
                    "Cuentan se propone cambiarlo: reconocer lo que las personas migrantes "
                    "aportan a sus países de origen y de destino, promover su inclusión y "
                    "contrarrestar la discriminación y la xenofobia con evidencia y con "
                    "la voz de las propias personas migrantes.</p>"
                ),
                fr=(
                    "<p>Les migrations façonnent les Amériques depuis des siècles. "
                    "Aujourd’hui, des millions de femmes et d’hommes travaillent, "
                    "étudient, prennent soin des autres, créent des entreprises et paient "
                    "des impôts loin de leur lieu de naissance, tout en soutenant les "
                    "familles et les communautés restées au pays.</p>"
                    "<p>Leur contribution reste trop souvent invisible, et le débat public "
                    "est trop souvent guidé par la peur plutôt que par les faits. Les "
                    "migrants comptent entend changer cela : reconnaître ce que les "
                    "migrants apportent à leurs pays d’origine et de destination, "
                    "favoriser leur inclusion et combattre la discrimination et la "
                    "xénophobie par des données probantes et par la parole des migrants "
                    "eux-mêmes.</p>"
                ),
                pt=(
                    "<p>A migração molda as Américas há séculos. Hoje, milhões de "
                    "mulheres e homens trabalham, estudam, cuidam de outras pessoas, "
                    "abrem empresas e pagam impostos longe do lugar onde nasceram, ao "
                    "mesmo tempo que apoiam as famílias e comunidades que deixaram para "
                    "trás.</p>"
                    "<p>A sua contribuição costuma ser invisível, e o debate público é "
                    "muitas vezes guiado pelo medo e não pelos fatos. Migrantes Contam "
                    "quer mudar isso: reconhecer o que os migrantes trazem aos seus "
                    "países de origem e de destino, promover a sua inclusão e combater a "
                    "discriminação e a xenofobia com evidências e com a voz dos próprios "
                    "migrantes.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Three ways the campaign works",
                es="Tres líneas de trabajo",
                fr="Trois volets d’action",
                pt="Três linhas de ação",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li><b>Data.</b> Official figures on migrants’ contributions to "
                    "sustainable development in countries of origin and of destination: "
                    "migrant populations, remittances and what it costs to send them, "
                    "presented country by country and disseminated by the OAS.</li>"
                    "<li><b>Success stories.</b> Accounts of migrants across the Americas "
                    "who have built businesses, careers and communities, collected by the "
                    "IOM with each person’s informed consent.</li>"
                    "<li><b>Live interviews.</b> Regular conversations on social media "
                    "with migrants, researchers and public servants, open to questions "
                    "from the audience.</li></ul>"
                ),
                es=(
                    "<ul><li><b>Datos.</b> Cifras oficiales sobre la contribución de las "
                    "personas migrantes al desarrollo sostenible de los países de origen "
                    "y de destino: población migrante, remesas y su costo de envío, "
                    "presentadas país por país y difundidas por la OEA.</li>"
                    "<li><b>Historias de éxito.</b> Relatos de personas migrantes de todo "
                    "el continente que han creado empresas, carreras y comunidades, "
                    "recopilados por la OIM con el consentimiento informado de cada "
                    "persona.</li>"
                    "<li><b>Entrevistas en vivo.</b> Conversaciones periódicas en redes "
                    "sociales con personas migrantes, especialistas y funcionarios "
                    "públicos, abiertas a las preguntas del público.</li></ul>"
                ),
                fr=(
                    "<ul><li><b>Données.</b> Des chiffres officiels sur la contribution "
                    "des migrants au développement durable des pays d’origine et de "
                    "destination : populations migrantes, envois de fonds et coût de ces "
                    "transferts, présentés pays par pays et diffusés par l’OEA.</li>"
                    "<li><b>Parcours de réussite.</b> Des récits de migrants de tout le "
                    "continent qui ont bâti des entreprises, des carrières et des "
                    "communautés, recueillis par l’OIM avec le consentement éclairé de "
                    "chaque personne.</li>"
                    "<li><b>Entretiens en direct.</b> Des rencontres régulières sur les "
                    "réseaux sociaux avec des migrants, des chercheurs et des agents "
                    "publics, ouvertes aux questions du public.</li></ul>"
                ),
                pt=(
                    "<ul><li><b>Dados.</b> Números oficiais sobre a contribuição dos "
                    "migrantes para o desenvolvimento sustentável dos países de origem e "
                    "de destino: população migrante, remessas e o custo de enviá-las, "
                    "apresentados país a país e divulgados pela OEA.</li>"
                    "<li><b>Histórias de sucesso.</b> Relatos de migrantes de todo o "
                    "continente que construíram empresas, carreiras e comunidades, "
                    "reunidos pela OIM com o consentimento informado de cada pessoa.</li>"
                    "<li><b>Entrevistas ao vivo.</b> Conversas regulares nas redes sociais "
                    "com migrantes, pesquisadores e servidores públicos, abertas às "
                    "perguntas do público.</li></ul>"
                ),
            ),
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="Explore the data",
                    es="Explore los datos",
                    fr="Explorer les données",
                    pt="Explore os dados",
                ),
                "text": lang(
                    en="Where the figures come from, what they measure and how to read them.",
                    es="De dónde provienen las cifras, qué miden y cómo leerlas.",
                    fr="D’où viennent les chiffres, ce qu’ils mesurent et comment les lire.",
                    pt="De onde vêm os números, o que medem e como lê-los.",
                ),
                "section": "country_data",
                "button_label": lang(
                    en="Profiles of the 35 countries",
                    es="Perfiles de los 35 países",
                    fr="Profils des 35 pays",
                    pt="Perfis dos 35 países",
                ),
            },
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="Share your story",
                    es="Comparta su historia",
                    fr="Partagez votre histoire",
                    pt="Compartilhe a sua história",
                ),
                "text": lang(
                    en=(
                        "Tell us how migration has shaped your life and your community. "
                        "You decide how your story is used, and you can withdraw it at "
                        "any time."
                    ),
                    es=(
                        "Cuéntenos cómo la migración ha marcado su vida y su comunidad. "
                        "Usted decide cómo se usa su historia y puede retirarla en "
                        "cualquier momento."
                    ),
                    fr=(
                        "Racontez-nous comment la migration a marqué votre vie et votre "
                        "communauté. Vous décidez de l’usage de votre histoire et pouvez "
                        "la retirer à tout moment."
                    ),
                    pt=(
                        "Conte-nos como a migração marcou a sua vida e a sua comunidade. "
                        "Você decide como a sua história é usada e pode retirá-la a "
                        "qualquer momento."
                    ),
                ),
                "section": "share_story",
                "button_label": SHARE_YOUR_STORY,
            },
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="The 2030 Agenda",
                    es="La Agenda 2030",
                    fr="Le Programme 2030",
                    pt="A Agenda 2030",
                ),
                "text": lang(
                    en=(
                        "How migration connects to the Sustainable Development Goals, "
                        "from decent work to the cost of remittances."
                    ),
                    es=(
                        "Cómo se vincula la migración con los Objetivos de Desarrollo "
                        "Sostenible, del trabajo decente al costo de las remesas."
                    ),
                    fr=(
                        "Les liens entre migration et objectifs de développement "
                        "durable, du travail décent au coût des envois de fonds."
                    ),
                    pt=(
                        "Como a migração se relaciona com os Objetivos de "
                        "Desenvolvimento Sustentável, do trabalho decente ao custo das "
                        "remessas."
                    ),
                ),
                "page": "agenda_2030",
                "button_label": lang(
                    en="Read about the targets",
                    es="Conozca las metas",
                    fr="Découvrir les cibles",
                    pt="Conheça as metas",
                ),
            },
        ),
        (
            "heading",
            lang(
                en="Join the conversation",
                es="Súmese a la conversación",
                fr="Rejoignez la conversation",
                pt="Participe da conversa",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Share the campaign’s stories and data with the hashtag "
                    "<b>#MigrantsCount</b>, or <b>#MigrantesCuentan</b> in Spanish. "
                    "Every share helps replace stereotypes with facts.</p>"
                ),
                es=(
                    "<p>Comparta las historias y los datos de la campaña con la etiqueta "
                    "<b>#MigrantesCuentan</b>, o <b>#MigrantsCount</b> en otros idiomas. "
                    "Cada publicación ayuda a reemplazar los estereotipos por hechos.</p>"
                ),
                fr=(
                    "<p>Partagez les récits et les données de la campagne avec le mot-"
                    "dièse <b>#MigrantsCount</b>, ou <b>#MigrantesCuentan</b> en "
                    "espagnol. Chaque partage aide à remplacer les stéréotypes par des "
                    "faits.</p>"
                ),
                pt=(
                    "<p>Compartilhe as histórias e os dados da campanha com a hashtag "
                    "<b>#MigrantsCount</b>, ou <b>#MigrantesCuentan</b> em espanhol. "
                    "Cada compartilhamento ajuda a substituir estereótipos por fatos.</p>"
                ),
            ),
        ),
    ],
}

PAGES: list[Spec] = [
    HOME,
    WHO_WE_ARE,
    STRUCTURE,
    OUR_WORK,
    WHERE_WE_WORK,
    PARTNERSHIPS,
    DATA_RESEARCH,
    AGENDA_2030,
    GET_INVOLVED,
    NEWS,
    PRIVACY,
    ACCESSIBILITY,
    CONTACT,
]
