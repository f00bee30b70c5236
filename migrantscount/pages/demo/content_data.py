"""Data and research, the 2030 Agenda, get involved."""

from .texts import lang

# The button of every call to action that leads to the share-your-story form.
SHARE_YOUR_STORY = lang(
    en="Share your story",
    es="Comparta su historia",
    fr="Partagez votre histoire",
    pt="Compartilhe a sua história",
)

DATA_RESEARCH = {
    "key": "data_research",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="data-and-research",
        es="datos-e-investigacion",
        fr="donnees-et-recherche",
        pt="dados-e-pesquisa",
    ),
    "title": lang(
        en="Data and research",
        es="Datos e investigación",
        fr="Données et recherche",
        pt="Dados e pesquisa",
    ),
    "intro": lang(
        en="The figures the campaign publishes, where they come from and how to read them.",
        es="Las cifras que publica la campaña, de dónde provienen y cómo leerlas.",
        fr="Les chiffres publiés par la campagne, leur origine et la manière de les lire.",
        pt="Os números que a campanha publica, de onde vêm e como lê-los.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="What we measure",
                es="Qué medimos",
                fr="Ce que nous mesurons",
                pt="O que medimos",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li><b>International migrant stock</b>: people living in a "
                    "country other than their country of birth, counted at mid-year. It "
                    "is a stock, not a flow: it says how many people live abroad, not "
                    "how many moved in a given year.</li>"
                    "<li><b>Personal remittances</b>: money and goods that migrants send "
                    "home, in current US dollars and as a share of the receiving "
                    "country’s gross domestic product.</li>"
                    "<li><b>Remittance costs</b>: the total cost, fees and exchange-rate "
                    "margin included, of sending the equivalent of 200 US dollars "
                    "between two countries.</li></ul>"
                ),
                es=(
                    "<ul><li><b>Población migrante internacional</b>: personas que viven "
                    "en un país distinto de su país de nacimiento, contadas a mitad de "
                    "año. Es una población acumulada, no un flujo: indica cuántas "
                    "personas viven en el extranjero, no cuántas se desplazaron en un "
                    "año determinado.</li>"
                    "<li><b>Remesas personales</b>: dinero y bienes que las personas "
                    "migrantes envían a sus hogares, en dólares corrientes de los "
                    "Estados Unidos y como proporción del producto interno bruto del "
                    "país receptor.</li>"
                    "<li><b>Costo de las remesas</b>: el costo total, comisiones y margen "
                    "cambiario incluidos, de enviar el equivalente de 200 dólares entre "
                    "dos países.</li></ul>"
                ),
                fr=(
                    "<ul><li><b>Effectif de migrants internationaux</b> : les personnes "
                    "vivant dans un pays autre que leur pays de naissance, comptées en "
                    "milieu d’année. Il s’agit d’un stock et non d’un flux : il indique "
                    "combien de personnes vivent à l’étranger, non combien se sont "
                    "déplacées au cours d’une année.</li>"
                    "<li><b>Envois de fonds personnels</b> : l’argent et les biens que "
                    "les migrants envoient à leurs proches, en dollars des États-Unis "
                    "courants et en part du produit intérieur brut du pays "
                    "bénéficiaire.</li>"
                    "<li><b>Coût des envois de fonds</b> : le coût total, frais et marge "
                    "de change compris, de l’envoi de l’équivalent de 200 dollars d’un "
                    "pays à un autre.</li></ul>"
                ),
                pt=(
                    "<ul><li><b>População migrante internacional</b>: pessoas que vivem "
                    "num país diferente do seu país de nascimento, contadas no meio do "
                    "ano. É um estoque, não um fluxo: indica quantas pessoas vivem no "
                    "exterior, e não quantas se deslocaram num determinado ano.</li>"
                    "<li><b>Remessas pessoais</b>: dinheiro e bens que os migrantes "
                    "enviam para casa, em dólares americanos correntes e como proporção "
                    "do produto interno bruto do país receptor.</li>"
                    "<li><b>Custo das remessas</b>: o custo total, tarifas e margem "
                    "cambial incluídas, de enviar o equivalente a 200 dólares entre dois "
                    "países.</li></ul>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Sources and editions",
                es="Fuentes y ediciones",
                fr="Sources et éditions",
                pt="Fontes e edições",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Migrant stock figures come from the United Nations Department of "
                    "Economic and Social Affairs; remittance flows from the World Bank’s "
                    "World Development Indicators; remittance costs from the World "
                    "Bank’s Remittance Prices Worldwide database. Every figure states the "
                    "edition it comes from, and figures from different editions are "
                    "never mixed without saying so.</p>"
                    "<p>Where a value is not available, the campaign says so: a missing "
                    "value is never shown as zero. Regional totals and income groups are "
                    "shown separately and never ranked alongside countries.</p>"
                ),
                es=(
                    "<p>Las cifras de población migrante provienen del Departamento de "
                    "Asuntos Económicos y Sociales de las Naciones Unidas; los flujos de "
                    "remesas, de los Indicadores del Desarrollo Mundial del Banco "
                    "Mundial; el costo de las remesas, de la base de datos Remittance "
                    "Prices Worldwide del Banco Mundial. Cada cifra indica la edición de "
                    "la que procede, y nunca se mezclan cifras de ediciones distintas "
                    "sin advertirlo.</p>"
                    "<p>Cuando un valor no está disponible, la campaña lo indica: un "
                    "valor faltante nunca se muestra como cero. Los totales regionales y "
                    "los grupos de ingreso se presentan por separado y nunca se "
                    "clasifican junto a los países.</p>"
                ),
                fr=(
                    "<p>Les effectifs de migrants proviennent du Département des affaires "
                    "économiques et sociales des Nations Unies ; les envois de fonds, des "
                    "Indicateurs du développement dans le monde de la Banque mondiale ; "
                    "leur coût, de la base Remittance Prices Worldwide de la Banque "
                    "mondiale. Chaque chiffre indique l’édition dont il est tiré, et des "
                    "chiffres d’éditions différentes ne sont jamais mélangés sans que "
                    "cela soit signalé.</p>"
                    "<p>Lorsqu’une valeur n’est pas disponible, la campagne l’indique : "
                    "une valeur manquante n’est jamais affichée comme un zéro. Les totaux "
                    "régionaux et les groupes de revenu sont présentés à part et jamais "
                    "classés avec les pays.</p>"
                ),
                pt=(
                    "<p>Os números de população migrante vêm do Departamento de Assuntos "
                    "Econômicos e Sociais das Nações Unidas; os fluxos de remessas, dos "
                    "Indicadores de Desenvolvimento Mundial do Banco Mundial; o custo das "
                    "remessas, da base de dados Remittance Prices Worldwide do Banco "
                    "Mundial. Cada número indica a edição de que provém, e números de "
                    "edições diferentes nunca são misturados sem aviso.</p>"
                    "<p>Quando um valor não está disponível, a campanha o indica: um "
                    "valor ausente nunca aparece como zero. Totais regionais e grupos de "
                    "renda são apresentados à parte e nunca classificados junto com os "
                    "países.</p>"
                ),
            ),
        ),
        (
            "quote",
            {
                "quote": lang(
                    en="Numbers do not replace people’s stories, but they show that those stories are not exceptions.",
                    es="Las cifras no sustituyen las historias de las personas, pero muestran que esas historias no son excepciones.",
                    fr="Les chiffres ne remplacent pas les histoires des personnes, mais ils montrent que ces histoires ne sont pas des exceptions.",
                    pt="Os números não substituem as histórias das pessoas, mas mostram que essas histórias não são exceções.",
                ),
                "attribution": lang(
                    en="Campaign data team",
                    es="Equipo de datos de la campaña",
                    fr="Équipe données de la campagne",
                    pt="Equipe de dados da campanha",
                ),
            },
        ),
    ],
}

AGENDA_2030 = {
    "key": "agenda_2030",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="2030-agenda", es="agenda-2030", fr="programme-2030", pt="agenda-2030"
    ),
    "title": lang(
        en="2030 Agenda",
        es="Agenda 2030",
        fr="Programme 2030",
        pt="Agenda 2030",
    ),
    "intro": lang(
        en="Migration runs through the 2030 Agenda for Sustainable Development. The campaign follows four of its targets.",
        es="La migración atraviesa la Agenda 2030 para el Desarrollo Sostenible. La campaña sigue cuatro de sus metas.",
        fr="Les migrations traversent le Programme de développement durable à l’horizon 2030. La campagne suit quatre de ses cibles.",
        pt="A migração atravessa a Agenda 2030 para o Desenvolvimento Sustentável. A campanha acompanha quatro das suas metas.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Goal 8: Decent Work and Economic Growth",
                es="Objetivo 8: Trabajo decente y crecimiento económico",
                fr="Objectif 8 : Travail décent et croissance économique",
                pt="Objetivo 8: Trabalho decente e crescimento econômico",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p><b>Target 8.8</b>: Protect labour rights and promote safe and "
                    "secure working environments for all workers, including migrant "
                    "workers, in particular women migrants, and those in precarious "
                    "employment.</p>"
                ),
                es=(
                    "<p><b>Meta 8.8</b>: Proteger los derechos laborales y promover un "
                    "entorno de trabajo seguro y sin riesgos para todos los "
                    "trabajadores, incluidos los trabajadores migrantes, en particular "
                    "las mujeres migrantes y las personas con empleos precarios.</p>"
                ),
                fr=(
                    "<p><b>Cible 8.8</b> : Défendre les droits des travailleurs, "
                    "promouvoir la sécurité sur le lieu de travail et assurer la "
                    "protection de tous les travailleurs, y compris les migrants, en "
                    "particulier les femmes, et ceux qui ont un emploi précaire.</p>"
                ),
                pt=(
                    "<p><b>Meta 8.8</b>: Proteger os direitos trabalhistas e promover "
                    "ambientes de trabalho seguros e protegidos para todos os "
                    "trabalhadores, incluindo os trabalhadores migrantes, em particular "
                    "as mulheres migrantes, e pessoas em empregos precários.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Goal 10: Reduced Inequalities",
                es="Objetivo 10: Reducción de las desigualdades",
                fr="Objectif 10 : Inégalités réduites",
                pt="Objetivo 10: Redução das desigualdades",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p><b>Target 10.7</b>: Facilitate orderly, safe, regular and "
                    "responsible migration and mobility of people, including through the "
                    "implementation of planned and well-managed migration policies.</p>"
                    "<p><b>Target 10.c</b>: By 2030, reduce to less than 3 per cent the "
                    "transaction costs of migrant remittances and eliminate remittance "
                    "corridors with costs higher than 5 per cent. Its indicator, 10.c.1, "
                    "measures the cost of sending the equivalent of 200 US dollars in "
                    "each corridor.</p>"
                ),
                es=(
                    "<p><b>Meta 10.7</b>: Facilitar la migración y la movilidad "
                    "ordenadas, seguras, regulares y responsables de las personas, "
                    "incluso mediante la aplicación de políticas migratorias planificadas "
                    "y bien gestionadas.</p>"
                    "<p><b>Meta 10.c</b>: De aquí a 2030, reducir a menos del 3% los "
                    "costos de transacción de las remesas de los migrantes y eliminar los "
                    "corredores de remesas con un costo superior al 5%. Su indicador, "
                    "10.c.1, mide el costo de enviar el equivalente de 200 dólares en "
                    "cada corredor.</p>"
                ),
                fr=(
                    "<p><b>Cible 10.7</b> : Faciliter la migration et la mobilité de "
                    "façon ordonnée, sans danger, régulière et responsable, notamment "
                    "par la mise en œuvre de politiques de migration planifiées et bien "
                    "gérées.</p>"
                    "<p><b>Cible 10.c</b> : D’ici à 2030, faire baisser au-dessous de "
                    "3 pour cent les coûts de transaction des envois de fonds effectués "
                    "par les migrants et éliminer les couloirs de transfert de fonds dont "
                    "les coûts sont supérieurs à 5 pour cent. Son indicateur, 10.c.1, "
                    "mesure le coût de l’envoi de l’équivalent de 200 dollars dans "
                    "chaque couloir.</p>"
                ),
                pt=(
                    "<p><b>Meta 10.7</b>: Facilitar a migração e a mobilidade ordenada, "
                    "segura, regular e responsável das pessoas, inclusive por meio da "
                    "implementação de políticas de migração planejadas e bem geridas.</p>"
                    "<p><b>Meta 10.c</b>: Até 2030, reduzir para menos de 3% os custos "
                    "de transação de remessas dos migrantes e eliminar os corredores de "
                    "remessas com custos superiores a 5%. O seu indicador, 10.c.1, mede "
                    "o custo de enviar o equivalente a 200 dólares em cada corredor.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Goal 17: Partnerships for the Goals",
                es="Objetivo 17: Alianzas para lograr los objetivos",
                fr="Objectif 17 : Partenariats pour la réalisation des objectifs",
                pt="Objetivo 17: Parcerias e meios de implementação",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p><b>Target 17.3</b>: Mobilize additional financial resources for "
                    "developing countries from multiple sources. Remittances are one of "
                    "those sources: for many families they pay for food, schooling and "
                    "health care, and for many countries they exceed foreign direct "
                    "investment and official development assistance.</p>"
                ),
                es=(
                    "<p><b>Meta 17.3</b>: Movilizar recursos financieros adicionales de "
                    "múltiples fuentes para los países en desarrollo. Las remesas son "
                    "una de esas fuentes: para muchas familias pagan la alimentación, la "
                    "escolarización y la atención de salud, y en muchos países superan "
                    "la inversión extranjera directa y la asistencia oficial para el "
                    "desarrollo.</p>"
                ),
                fr=(
                    "<p><b>Cible 17.3</b> : Mobiliser des ressources financières "
                    "supplémentaires de diverses provenances en faveur des pays en "
                    "développement. Les envois de fonds en font partie : pour de "
                    "nombreuses familles, ils financent l’alimentation, la scolarité et "
                    "les soins, et dans bien des pays ils dépassent l’investissement "
                    "direct étranger et l’aide publique au développement.</p>"
                ),
                pt=(
                    "<p><b>Meta 17.3</b>: Mobilizar recursos financeiros adicionais para "
                    "os países em desenvolvimento a partir de múltiplas fontes. As "
                    "remessas são uma dessas fontes: para muitas famílias pagam "
                    "alimentação, escola e saúde, e em muitos países superam o "
                    "investimento estrangeiro direto e a ajuda oficial ao "
                    "desenvolvimento.</p>"
                ),
            ),
        ),
    ],
}

GET_INVOLVED = {
    "key": "get_involved",
    "type": "standard",
    "parent": "home",
    "slug": lang(en="get-involved", es="participe", fr="participer", pt="participe"),
    "title": lang(
        en="Get involved",
        es="Participe",
        fr="Participer",
        pt="Participe",
    ),
    "intro": lang(
        en="Share a story, join a live interview, spread the data, or work with us.",
        es="Comparta una historia, participe en una entrevista en vivo, difunda los datos o trabaje con nosotros.",
        fr="Partagez une histoire, participez à un entretien en direct, diffusez les données ou travaillez avec nous.",
        pt="Compartilhe uma história, participe de uma entrevista ao vivo, divulgue os dados ou trabalhe conosco.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Share your story",
                es="Comparta su historia",
                fr="Partagez votre histoire",
                pt="Compartilhe a sua história",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>If you have migrated within the Americas, or your family has, we "
                    "would like to hear how it has shaped your life and the places you "
                    "belong to. You choose whether your story appears on this website, "
                    "on social media, or both, and you can withdraw it at any time. The "
                    '<a linktype="page" id="{page:privacy}">privacy notice</a> '
                    "explains how your data is protected.</p>"
                ),
                es=(
                    "<p>Si usted ha migrado dentro de las Américas, o lo ha hecho su "
                    "familia, queremos saber cómo ha marcado su vida y los lugares a los "
                    "que pertenece. Usted elige si su historia aparece en este sitio, en "
                    "redes sociales o en ambos, y puede retirarla en cualquier momento. "
                    'El <a linktype="page" id="{page:privacy}">aviso de privacidad'
                    "</a> explica cómo se protegen sus datos.</p>"
                ),
                fr=(
                    "<p>Si vous avez migré à l’intérieur des Amériques, ou si votre "
                    "famille l’a fait, nous aimerions savoir comment cela a marqué votre "
                    "vie et les lieux auxquels vous appartenez. Vous choisissez si votre "
                    "histoire paraît sur ce site, sur les réseaux sociaux ou les deux, et "
                    'vous pouvez la retirer à tout moment. L’<a linktype="page" '
                    'id="{page:privacy}">avis de confidentialité</a> explique comment '
                    "vos données sont protégées.</p>"
                ),
                pt=(
                    "<p>Se você migrou dentro das Américas, ou a sua família migrou, "
                    "queremos saber como isso marcou a sua vida e os lugares a que você "
                    "pertence. Você escolhe se a sua história aparece neste site, nas "
                    "redes sociais ou em ambos, e pode retirá-la a qualquer momento. O "
                    '<a linktype="page" id="{page:privacy}">aviso de privacidade</a> '
                    "explica como os seus dados são protegidos.</p>"
                ),
            ),
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="Tell your story",
                    es="Cuente su historia",
                    fr="Racontez votre histoire",
                    pt="Conte a sua história",
                ),
                "text": lang(
                    en="The form takes about ten minutes and works on any phone.",
                    es="El formulario toma unos diez minutos y funciona en cualquier teléfono.",
                    fr="Le formulaire prend une dizaine de minutes et fonctionne sur tout téléphone.",
                    pt="O formulário leva cerca de dez minutos e funciona em qualquer celular.",
                ),
                "section": "share_story",
                "button_label": SHARE_YOUR_STORY,
            },
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="Read the stories",
                    es="Lea las historias",
                    fr="Lisez les histoires",
                    pt="Leia as histórias",
                ),
                "section": "stories",
                "button_label": lang(
                    en="All stories",
                    es="Todas las historias",
                    fr="Toutes les histoires",
                    pt="Todas as histórias",
                ),
            },
        ),
        (
            "heading",
            lang(
                en="Spread the word",
                es="Difunda la campaña",
                fr="Faites passer le message",
                pt="Divulgue a campanha",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li>Follow the live interviews and send your questions.</li>"
                    "<li>Share the stories and data with #MigrantsCount or "
                    "#MigrantesCuentan.</li>"
                    "<li>Use the campaign’s charts in your reporting, teaching or "
                    "advocacy, citing their sources.</li></ul>"
                ),
                es=(
                    "<ul><li>Siga las entrevistas en vivo y envíe sus preguntas.</li>"
                    "<li>Comparta las historias y los datos con #MigrantesCuentan o "
                    "#MigrantsCount.</li>"
                    "<li>Use los gráficos de la campaña en su trabajo periodístico, "
                    "docente o de incidencia, citando sus fuentes.</li></ul>"
                ),
                fr=(
                    "<ul><li>Suivez les entretiens en direct et envoyez vos questions."
                    "</li>"
                    "<li>Partagez les récits et les données avec #MigrantsCount ou "
                    "#MigrantesCuentan.</li>"
                    "<li>Utilisez les graphiques de la campagne dans vos articles, vos "
                    "cours ou votre plaidoyer, en citant leurs sources.</li></ul>"
                ),
                pt=(
                    "<ul><li>Acompanhe as entrevistas ao vivo e envie as suas perguntas."
                    "</li>"
                    "<li>Compartilhe as histórias e os dados com #MigrantsCount ou "
                    "#MigrantesCuentan.</li>"
                    "<li>Use os gráficos da campanha no seu trabalho jornalístico, "
                    "docente ou de defesa de direitos, citando as fontes.</li></ul>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Work with us",
                es="Trabaje con nosotros",
                fr="Travailler avec nous",
                pt="Trabalhe conosco",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Vacancies, consultancies and internships linked to the campaign "
                    "are advertised on the recruitment portals of the OAS and the IOM. "
                    "Both organizations are committed to diversity and welcome "
                    "applications from nationals of all their member states.</p>"
                ),
                es=(
                    "<p>Las vacantes, consultorías y pasantías vinculadas a la campaña se "
                    "publican en los portales de empleo de la OEA y de la OIM. Ambas "
                    "organizaciones están comprometidas con la diversidad y reciben "
                    "candidaturas de nacionales de todos sus Estados miembros.</p>"
                ),
                fr=(
                    "<p>Les postes, missions de consultant et stages liés à la campagne "
                    "sont publiés sur les portails de recrutement de l’OEA et de l’OIM. "
                    "Les deux organisations sont attachées à la diversité et accueillent "
                    "les candidatures des ressortissants de tous leurs États membres.</p>"
                ),
                pt=(
                    "<p>Vagas, consultorias e estágios ligados à campanha são divulgados "
                    "nos portais de recrutamento da OEA e da OIM. As duas organizações "
                    "estão comprometidas com a diversidade e recebem candidaturas de "
                    "nacionais de todos os seus Estados membros.</p>"
                ),
            ),
        ),
    ],
}
