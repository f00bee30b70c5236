"""Who we are, organisational structure, our work, where we work, partnerships."""

from .texts import lang

WHO_WE_ARE = {
    "key": "who_we_are",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="who-we-are", es="quienes-somos", fr="qui-sommes-nous", pt="quem-somos"
    ),
    "title": lang(
        en="Who we are", es="Quiénes somos", fr="Qui sommes-nous", pt="Quem somos"
    ),
    "intro": lang(
        en=(
            "Migrants Count is a joint initiative of the Organization of American States "
            "and the International Organization for Migration."
        ),
        es=(
            "Migrantes Cuentan es una iniciativa conjunta de la Organización de los "
            "Estados Americanos y la Organización Internacional para las Migraciones."
        ),
        fr=(
            "Les migrants comptent est une initiative conjointe de l’Organisation des "
            "États Américains et de l’Organisation internationale pour les migrations."
        ),
        pt=(
            "Migrantes Contam é uma iniciativa conjunta da Organização dos Estados "
            "Americanos e da Organização Internacional para as Migrações."
        ),
    ),
    "body": [
        (
            "heading",
            lang(
                en="Two organizations, one campaign",
                es="Dos organizaciones, una campaña",
                fr="Deux organisations, une campagne",
                pt="Duas organizações, uma campanha",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>The <b>Organization of American States (OAS)</b> brings together "
                    "the 35 independent states of the Americas. It works in four official "
                    "languages, English, Spanish, Portuguese and French, and is the "
                    "region’s main forum for political dialogue and cooperation.</p>"
                    "<p>The <b>International Organization for Migration (IOM)</b>, "
                    "founded in 1951, is the United Nations migration agency. With 175 "
                    "member states and a presence in 171 countries, it works with "
                    "governments, civil society and migrants to ensure humane and orderly "
                    "migration that benefits all.</p>"
                ),
                es=(
                    "<p>La <b>Organización de los Estados Americanos (OEA)</b> reúne a "
                    "los 35 Estados independientes de las Américas. Trabaja en cuatro "
                    "idiomas oficiales, español, inglés, portugués y francés, y es el "
                    "principal foro regional de diálogo político y cooperación.</p>"
                    "<p>La <b>Organización Internacional para las Migraciones (OIM)</b>, "
                    "fundada en 1951, es el organismo de las Naciones Unidas para la "
                    "migración. Con 175 Estados miembros y presencia en 171 países, "
                    "colabora con gobiernos, sociedad civil y personas migrantes para "
                    "lograr una migración humana y ordenada que beneficie a todos.</p>"
                ),
                fr=(
                    "<p>L’<b>Organisation des États Américains (OEA)</b> réunit les 35 "
                    "États indépendants des Amériques. Elle travaille dans quatre langues "
                    "officielles, le français, l’anglais, l’espagnol et le portugais, et "
                    "constitue le principal forum régional de dialogue politique et de "
                    "coopération.</p>"
                    "<p>L’<b>Organisation internationale pour les migrations (OIM)</b>, "
                    "fondée en 1951, est l’agence des Nations Unies pour les migrations. "
                    "Forte de 175 États membres et présente dans 171 pays, elle travaille "
                    "avec les gouvernements, la société civile et les migrants pour une "
                    "migration humaine et ordonnée, profitable à tous.</p>"
                ),
                pt=(
                    "<p>A <b>Organização dos Estados Americanos (OEA)</b> reúne os 35 "
                    "Estados independentes das Américas. Trabalha em quatro idiomas "
                    "oficiais, português, espanhol, inglês e francês, e é o principal "
                    "fórum regional de diálogo político e cooperação.</p>"
                    "<p>A <b>Organização Internacional para as Migrações (OIM)</b>, "
                    "fundada em 1951, é a agência das Nações Unidas para as migrações. "
                    "Com 175 Estados-membros e presença em 171 países, trabalha com "
                    "governos, sociedade civil e migrantes por uma migração humana e "
                    "ordenada que beneficie a todos.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="What the campaign stands for",
                es="Lo que defiende la campaña",
                fr="Ce que défend la campagne",
                pt="O que a campanha defende",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li>Recognising migrants’ contributions to sustainable "
                    "development in countries of origin and of destination.</li>"
                    "<li>Promoting the inclusion of migrants in the societies where they "
                    "live.</li>"
                    "<li>Countering negative narratives, discrimination and xenophobia "
                    "with reliable data and real stories.</li>"
                    "<li>Supporting the United Nations call for respect, safety and "
                    "dignity for all migrants.</li></ul>"
                ),
                es=(
                    "<ul><li>Reconocer la contribución de las personas migrantes al "
                    "desarrollo sostenible de los países de origen y de destino.</li>"
                    "<li>Promover la inclusión de las personas migrantes en las "
                    "sociedades donde viven.</li>"
                    "<li>Contrarrestar los discursos negativos, la discriminación y la "
                    "xenofobia con datos fiables e historias reales.</li>"
                    "<li>Apoyar el llamado de las Naciones Unidas al respeto, la "
                    "seguridad y la dignidad de todas las personas migrantes.</li></ul>"
                ),
                fr=(
                    "<ul><li>Reconnaître la contribution des migrants au développement "
                    "durable des pays d’origine et de destination.</li>"
                    "<li>Favoriser l’inclusion des migrants dans les sociétés où ils "
                    "vivent.</li>"
                    "<li>Combattre les discours négatifs, la discrimination et la "
                    "xénophobie par des données fiables et des histoires vraies.</li>"
                    "<li>Soutenir l’appel des Nations Unies au respect, à la sécurité et "
                    "à la dignité de tous les migrants.</li></ul>"
                ),
                pt=(
                    "<ul><li>Reconhecer a contribuição dos migrantes para o "
                    "desenvolvimento sustentável dos países de origem e de destino.</li>"
                    "<li>Promover a inclusão dos migrantes nas sociedades onde vivem.</li>"
                    "<li>Combater narrativas negativas, a discriminação e a xenofobia com "
                    "dados confiáveis e histórias reais.</li>"
                    "<li>Apoiar o apelo das Nações Unidas ao respeito, à segurança e à "
                    "dignidade de todos os migrantes.</li></ul>"
                ),
            ),
        ),
        (
            "call_to_action",
            {
                "title": lang(
                    en="How the campaign is organised",
                    es="Cómo se organiza la campaña",
                    fr="L’organisation de la campagne",
                    pt="Como a campanha se organiza",
                ),
                "text": lang(
                    en="The teams behind the data, the stories and the live interviews.",
                    es="Los equipos detrás de los datos, las historias y las entrevistas en vivo.",
                    fr="Les équipes chargées des données, des récits et des entretiens en direct.",
                    pt="As equipes por trás dos dados, das histórias e das entrevistas ao vivo.",
                ),
                "page": "structure",
                "button_label": lang(
                    en="Organisational structure",
                    es="Estructura organizativa",
                    fr="Structure organisationnelle",
                    pt="Estrutura organizacional",
                ),
            },
        ),
    ],
}

STRUCTURE = {
    "key": "structure",
    "type": "standard",
    "parent": "who_we_are",
    "slug": lang(
        en="organisational-structure",
        es="estructura-organizativa",
        fr="structure-organisationnelle",
        pt="estrutura-organizacional",
    ),
    "title": lang(
        en="Organisational structure",
        es="Estructura organizativa",
        fr="Structure organisationnelle",
        pt="Estrutura organizacional",
    ),
    "intro": lang(
        en="A joint steering committee sets the direction; small teams in both organizations do the work.",
        es="Un comité directivo conjunto fija la orientación; equipos reducidos de ambas organizaciones realizan el trabajo.",
        fr="Un comité de pilotage conjoint fixe le cap ; de petites équipes des deux organisations mènent le travail.",
        pt="Um comitê diretivo conjunto define a orientação; pequenas equipes das duas organizações realizam o trabalho.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Governance",
                es="Gobernanza",
                fr="Gouvernance",
                pt="Governança",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>A <b>joint steering committee</b>, with representatives of the "
                    "OAS General Secretariat and of the IOM, approves the campaign’s "
                    "annual plan, its editorial line and its budget, and reviews progress "
                    "every quarter. A <b>campaign secretariat</b> coordinates the day-to-"
                    "day work of the teams and reports to the committee.</p>"
                ),
                es=(
                    "<p>Un <b>comité directivo conjunto</b>, integrado por representantes "
                    "de la Secretaría General de la OEA y de la OIM, aprueba el plan "
                    "anual de la campaña, su línea editorial y su presupuesto, y revisa "
                    "los avances cada trimestre. Una <b>secretaría de la campaña</b> "
                    "coordina el trabajo diario de los equipos e informa al comité.</p>"
                ),
                fr=(
                    "<p>Un <b>comité de pilotage conjoint</b>, composé de représentants du "
                    "Secrétariat général de l’OEA et de l’OIM, approuve le plan annuel de "
                    "la campagne, sa ligne éditoriale et son budget, et fait le point "
                    "chaque trimestre. Un <b>secrétariat de campagne</b> coordonne le "
                    "travail quotidien des équipes et rend compte au comité.</p>"
                ),
                pt=(
                    "<p>Um <b>comitê diretivo conjunto</b>, com representantes da "
                    "Secretaria-Geral da OEA e da OIM, aprova o plano anual da campanha, "
                    "a sua linha editorial e o seu orçamento, e avalia o andamento a cada "
                    "trimestre. Uma <b>secretaria da campanha</b> coordena o trabalho "
                    "diário das equipes e presta contas ao comitê.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Teams",
                es="Equipos",
                fr="Équipes",
                pt="Equipes",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li><b>Data and research</b> (OAS): gathers official statistics "
                    "on migration and remittances, documents their sources and "
                    "disseminates them.</li>"
                    "<li><b>Stories and live interviews</b> (IOM): collects migrants’ "
                    "success stories, obtains consent, edits them with their authors and "
                    "hosts the regular live interviews.</li>"
                    "<li><b>Digital communication</b>: publishes the campaign’s content "
                    "on this website and on social networks in four languages.</li>"
                    "<li><b>Data protection focal point</b>: advises the teams and "
                    "answers requests from the people whose data the campaign holds."
                    "</li></ul>"
                ),
                es=(
                    "<ul><li><b>Datos e investigación</b> (OEA): reúne estadísticas "
                    "oficiales sobre migración y remesas, documenta sus fuentes y las "
                    "difunde.</li>"
                    "<li><b>Historias y entrevistas en vivo</b> (OIM): recopila historias "
                    "de éxito de personas migrantes, obtiene su consentimiento, las "
                    "edita con sus autores y conduce las entrevistas en vivo periódicas."
                    "</li>"
                    "<li><b>Comunicación digital</b>: publica los contenidos de la "
                    "campaña en este sitio y en redes sociales en cuatro idiomas.</li>"
                    "<li><b>Punto focal de protección de datos</b>: asesora a los equipos "
                    "y atiende las solicitudes de las personas cuyos datos conserva la "
                    "campaña.</li></ul>"
                ),
                fr=(
                    "<ul><li><b>Données et recherche</b> (OEA) : rassemble les "
                    "statistiques officielles sur les migrations et les envois de fonds, "
                    "en documente les sources et les diffuse.</li>"
                    "<li><b>Récits et entretiens en direct</b> (OIM) : recueille les "
                    "parcours de réussite de migrants, obtient leur consentement, édite "
                    "les textes avec leurs auteurs et anime les entretiens en direct "
                    "réguliers.</li>"
                    "<li><b>Communication numérique</b> : publie les contenus de la "
                    "campagne sur ce site et sur les réseaux sociaux, en quatre langues."
                    "</li>"
                    "<li><b>Point focal pour la protection des données</b> : conseille "
                    "les équipes et répond aux demandes des personnes dont la campagne "
                    "détient les données.</li></ul>"
                ),
                pt=(
                    "<ul><li><b>Dados e pesquisa</b> (OEA): reúne estatísticas oficiais "
                    "sobre migração e remessas, documenta as suas fontes e as divulga."
                    "</li>"
                    "<li><b>Histórias e entrevistas ao vivo</b> (OIM): reúne histórias de "
                    "sucesso de migrantes, obtém o seu consentimento, edita-as com os "
                    "seus autores e conduz as entrevistas ao vivo regulares.</li>"
                    "<li><b>Comunicação digital</b>: publica os conteúdos da campanha "
                    "neste site e nas redes sociais em quatro idiomas.</li>"
                    "<li><b>Ponto focal de proteção de dados</b>: orienta as equipes e "
                    "responde às solicitações das pessoas cujos dados a campanha mantém."
                    "</li></ul>"
                ),
            ),
        ),
    ],
}

OUR_WORK = {
    "key": "our_work",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="our-work", es="nuestro-trabajo", fr="notre-action", pt="nosso-trabalho"
    ),
    "title": lang(
        en="Our work", es="Nuestro trabajo", fr="Notre action", pt="Nosso trabalho"
    ),
    "intro": lang(
        en="Evidence, stories and conversation: the three parts of the campaign reinforce one another.",
        es="Evidencia, historias y conversación: las tres partes de la campaña se refuerzan mutuamente.",
        fr="Des données, des récits et le dialogue : les trois volets de la campagne se renforcent mutuellement.",
        pt="Evidências, histórias e diálogo: as três partes da campanha se reforçam mutuamente.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Official data, explained",
                es="Datos oficiales, explicados",
                fr="Des données officielles, expliquées",
                pt="Dados oficiais, explicados",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>The OAS disseminates official figures on migrants’ contributions "
                    "to development: how many people live outside their country of "
                    "birth, how much they send home in remittances, and what sending "
                    "that money costs. Each figure is published with its source and "
                    "edition, so that journalists and researchers can check it.</p>"
                ),
                es=(
                    "<p>La OEA difunde cifras oficiales sobre la contribución de las "
                    "personas migrantes al desarrollo: cuántas personas viven fuera de su "
                    "país de nacimiento, cuánto envían a sus hogares en remesas y cuánto "
                    "cuesta enviar ese dinero. Cada cifra se publica con su fuente y su "
                    "edición, para que periodistas e investigadores puedan verificarla."
                    "</p>"
                ),
                fr=(
                    "<p>L’OEA diffuse des chiffres officiels sur la contribution des "
                    "migrants au développement : combien de personnes vivent hors de "
                    "leur pays de naissance, combien elles envoient à leurs proches et ce "
                    "que coûtent ces transferts. Chaque chiffre est publié avec sa source "
                    "et son édition, afin que journalistes et chercheurs puissent le "
                    "vérifier.</p>"
                ),
                pt=(
                    "<p>A OEA divulga números oficiais sobre a contribuição dos migrantes "
                    "para o desenvolvimento: quantas pessoas vivem fora do seu país de "
                    "nascimento, quanto enviam para casa em remessas e quanto custa "
                    "enviar esse dinheiro. Cada número é publicado com a sua fonte e "
                    "edição, para que jornalistas e pesquisadores possam verificá-lo.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Stories told by migrants",
                es="Historias contadas por sus protagonistas",
                fr="Des histoires racontées par les migrants",
                pt="Histórias contadas pelos migrantes",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>The IOM collects success stories from migrants across the "
                    "Americas: a nurse who trained a new generation of colleagues, a "
                    "family that reopened a bakery in a town that had lost its young "
                    "people, an engineer whose savings built a school in her home "
                    "village. Each story is published only with its author’s consent and "
                    "in the form the author has approved.</p>"
                ),
                es=(
                    "<p>La OIM recopila historias de éxito de personas migrantes de todo "
                    "el continente: una enfermera que formó a una nueva generación de "
                    "colegas, una familia que reabrió una panadería en un pueblo que "
                    "había perdido a sus jóvenes, una ingeniera cuyos ahorros "
                    "construyeron una escuela en su aldea natal. Cada historia se publica "
                    "solo con el consentimiento de su autor y en la forma que este haya "
                    "aprobado.</p>"
                ),
                fr=(
                    "<p>L’OIM recueille des parcours de réussite de migrants de tout le "
                    "continent : une infirmière qui a formé une nouvelle génération de "
                    "collègues, une famille qui a rouvert une boulangerie dans une ville "
                    "que sa jeunesse avait quittée, une ingénieure dont l’épargne a "
                    "permis de construire une école dans son village natal. Chaque "
                    "histoire n’est publiée qu’avec le consentement de son auteur et sous "
                    "la forme qu’il a approuvée.</p>"
                ),
                pt=(
                    "<p>A OIM reúne histórias de sucesso de migrantes de todo o "
                    "continente: uma enfermeira que formou uma nova geração de colegas, "
                    "uma família que reabriu uma padaria numa cidade que havia perdido os "
                    "seus jovens, uma engenheira cujas economias construíram uma escola "
                    "na sua aldeia natal. Cada história só é publicada com o "
                    "consentimento do seu autor e na forma que ele aprovou.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Live interviews and social media",
                es="Entrevistas en vivo y redes sociales",
                fr="Entretiens en direct et réseaux sociaux",
                pt="Entrevistas ao vivo e redes sociais",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Regular live interviews on social media bring migrants, "
                    "researchers and public servants together to discuss a theme, from "
                    "recognising foreign qualifications to lowering the cost of "
                    "remittances. Stories, data and recordings are then shared widely "
                    "with the hashtags #MigrantsCount and #MigrantesCuentan.</p>"
                ),
                es=(
                    "<p>Las entrevistas en vivo periódicas en redes sociales reúnen a "
                    "personas migrantes, especialistas y funcionarios públicos en torno a "
                    "un tema, desde el reconocimiento de títulos extranjeros hasta la "
                    "reducción del costo de las remesas. Las historias, los datos y las "
                    "grabaciones se difunden después ampliamente con las etiquetas "
                    "#MigrantesCuentan y #MigrantsCount.</p>"
                ),
                fr=(
                    "<p>Des entretiens en direct réguliers sur les réseaux sociaux "
                    "réunissent migrants, chercheurs et agents publics autour d’un thème, "
                    "de la reconnaissance des diplômes étrangers à la baisse du coût des "
                    "envois de fonds. Récits, données et enregistrements sont ensuite "
                    "largement diffusés avec les mots-dièses #MigrantsCount et "
                    "#MigrantesCuentan.</p>"
                ),
                pt=(
                    "<p>Entrevistas ao vivo regulares nas redes sociais reúnem migrantes, "
                    "pesquisadores e servidores públicos em torno de um tema, do "
                    "reconhecimento de diplomas estrangeiros à redução do custo das "
                    "remessas. Histórias, dados e gravações são depois amplamente "
                    "divulgados com as hashtags #MigrantsCount e #MigrantesCuentan.</p>"
                ),
            ),
        ),
    ],
}

WHERE_WE_WORK = {
    "key": "where_we_work",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="where-we-work",
        es="donde-trabajamos",
        fr="ou-nous-travaillons",
        pt="onde-trabalhamos",
    ),
    "title": lang(
        en="Where we work",
        es="Dónde trabajamos",
        fr="Où nous travaillons",
        pt="Onde trabalhamos",
    ),
    "intro": lang(
        en="The campaign covers the 35 member states of the OAS, from Canada to Argentina and across the Caribbean.",
        es="La campaña abarca los 35 Estados miembros de la OEA, de Canadá a la Argentina y en todo el Caribe.",
        fr="La campagne couvre les 35 États membres de l’OEA, du Canada à l’Argentine et dans toute la Caraïbe.",
        pt="A campanha abrange os 35 Estados membros da OEA, do Canadá à Argentina e em todo o Caribe.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="A region of origin, transit and destination",
                es="Una región de origen, tránsito y destino",
                fr="Une région d’origine, de transit et de destination",
                pt="Uma região de origem, trânsito e destino",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Most countries of the Americas are at once countries of origin, "
                    "of transit and of destination. Workers move between neighbouring "
                    "countries with the seasons, families settle far from home, and "
                    "diasporas keep close ties with the communities they came from. The "
                    "campaign looks at both sides of each of these journeys.</p>"
                ),
                es=(
                    "<p>La mayoría de los países de las Américas son a la vez países de "
                    "origen, de tránsito y de destino. Trabajadores que se desplazan "
                    "entre países vecinos según las temporadas, familias que se "
                    "establecen lejos de casa y diásporas que mantienen estrechos lazos "
                    "con sus comunidades de origen. La campaña mira ambos extremos de "
                    "cada uno de estos trayectos.</p>"
                ),
                fr=(
                    "<p>La plupart des pays des Amériques sont à la fois pays d’origine, "
                    "de transit et de destination. Des travailleurs circulent entre pays "
                    "voisins au rythme des saisons, des familles s’installent loin de "
                    "chez elles et des diasporas gardent des liens étroits avec leurs "
                    "communautés d’origine. La campagne s’intéresse aux deux extrémités "
                    "de chacun de ces parcours.</p>"
                ),
                pt=(
                    "<p>A maioria dos países das Américas é ao mesmo tempo país de "
                    "origem, de trânsito e de destino. Trabalhadores se deslocam entre "
                    "países vizinhos conforme as estações, famílias se estabelecem longe "
                    "de casa e diásporas mantêm laços estreitos com as suas comunidades "
                    "de origem. A campanha olha para as duas pontas de cada um desses "
                    "percursos.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Four subregions",
                es="Cuatro subregiones",
                fr="Quatre sous-régions",
                pt="Quatro sub-regiões",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li><b>North America</b>: major destinations whose economies "
                    "rely on migrant workers in agriculture, health care and "
                    "construction.</li>"
                    "<li><b>Central America and Mexico</b>: countries where remittances "
                    "are a significant share of household income.</li>"
                    "<li><b>The Caribbean</b>: small island states with large diasporas "
                    "and strong links to them.</li>"
                    "<li><b>South America</b>: a region where movement between "
                    "neighbouring countries has grown fastest in recent years.</li></ul>"
                ),
                es=(
                    "<ul><li><b>América del Norte</b>: grandes destinos cuyas economías "
                    "dependen de trabajadores migrantes en la agricultura, la salud y la "
                    "construcción.</li>"
                    "<li><b>Centroamérica y México</b>: países donde las remesas "
                    "representan una parte importante del ingreso de los hogares.</li>"
                    "<li><b>El Caribe</b>: pequeños Estados insulares con grandes "
                    "diásporas y fuertes vínculos con ellas.</li>"
                    "<li><b>América del Sur</b>: una región donde la movilidad entre "
                    "países vecinos ha crecido con mayor rapidez en los últimos años."
                    "</li></ul>"
                ),
                fr=(
                    "<ul><li><b>Amérique du Nord</b> : de grands pays de destination dont "
                    "l’économie s’appuie sur les travailleurs migrants dans "
                    "l’agriculture, la santé et la construction.</li>"
                    "<li><b>Amérique centrale et Mexique</b> : des pays où les envois de "
                    "fonds représentent une part importante du revenu des ménages.</li>"
                    "<li><b>Caraïbe</b> : de petits États insulaires aux diasporas "
                    "nombreuses, avec lesquelles ils entretiennent des liens forts.</li>"
                    "<li><b>Amérique du Sud</b> : une région où la mobilité entre pays "
                    "voisins a le plus progressé ces dernières années.</li></ul>"
                ),
                pt=(
                    "<ul><li><b>América do Norte</b>: grandes destinos cujas economias "
                    "dependem de trabalhadores migrantes na agricultura, na saúde e na "
                    "construção.</li>"
                    "<li><b>América Central e México</b>: países onde as remessas "
                    "representam uma parte importante da renda das famílias.</li>"
                    "<li><b>Caribe</b>: pequenos Estados insulares com grandes diásporas "
                    "e fortes vínculos com elas.</li>"
                    "<li><b>América do Sul</b>: uma região onde a mobilidade entre países "
                    "vizinhos foi a que mais cresceu nos últimos anos.</li></ul>"
                ),
            ),
        ),
    ],
}

PARTNERSHIPS = {
    "key": "partnerships",
    "type": "standard",
    "parent": "home",
    "slug": lang(en="partnerships", es="alianzas", fr="partenariats", pt="parcerias"),
    "title": lang(en="Partnerships", es="Alianzas", fr="Partenariats", pt="Parcerias"),
    "intro": lang(
        en="The campaign reaches further when governments, media, civil society and the private sector carry its message.",
        es="La campaña llega más lejos cuando gobiernos, medios, sociedad civil y sector privado difunden su mensaje.",
        fr="La campagne porte plus loin lorsque gouvernements, médias, société civile et secteur privé relaient son message.",
        pt="A campanha vai mais longe quando governos, mídia, sociedade civil e setor privado levam a sua mensagem adiante.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Who we work with",
                es="Con quién trabajamos",
                fr="Avec qui nous travaillons",
                pt="Com quem trabalhamos",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li><b>Member states</b>, whose national statistical offices "
                    "and migration authorities produce the data the campaign relies on."
                    "</li>"
                    "<li><b>Media organizations</b> that publish stories and data and "
                    "host live interviews.</li>"
                    "<li><b>Diaspora and migrant organizations</b> that help people "
                    "share their stories safely.</li>"
                    "<li><b>Universities and research centres</b> that analyse the "
                    "figures and explain them.</li>"
                    "<li><b>Financial and technology companies</b> committed to cheaper, "
                    "safer remittances.</li></ul>"
                ),
                es=(
                    "<ul><li><b>Estados miembros</b>, cuyas oficinas nacionales de "
                    "estadística y autoridades migratorias producen los datos en que se "
                    "basa la campaña.</li>"
                    "<li><b>Medios de comunicación</b> que publican historias y datos y "
                    "acogen entrevistas en vivo.</li>"
                    "<li><b>Organizaciones de la diáspora y de personas migrantes</b> que "
                    "ayudan a compartir historias de forma segura.</li>"
                    "<li><b>Universidades y centros de investigación</b> que analizan y "
                    "explican las cifras.</li>"
                    "<li><b>Empresas financieras y tecnológicas</b> comprometidas con "
                    "remesas más baratas y seguras.</li></ul>"
                ),
                fr=(
                    "<ul><li><b>Les États membres</b>, dont les instituts nationaux de "
                    "statistique et les autorités migratoires produisent les données sur "
                    "lesquelles repose la campagne.</li>"
                    "<li><b>Les médias</b> qui publient récits et données et accueillent "
                    "des entretiens en direct.</li>"
                    "<li><b>Les associations de la diaspora et de migrants</b> qui aident "
                    "chacun à partager son histoire en toute sécurité.</li>"
                    "<li><b>Les universités et centres de recherche</b> qui analysent les "
                    "chiffres et les expliquent.</li>"
                    "<li><b>Les entreprises financières et technologiques</b> engagées "
                    "pour des transferts d’argent moins chers et plus sûrs.</li></ul>"
                ),
                pt=(
                    "<ul><li><b>Estados membros</b>, cujos institutos nacionais de "
                    "estatística e autoridades migratórias produzem os dados em que a "
                    "campanha se baseia.</li>"
                    "<li><b>Veículos de comunicação</b> que publicam histórias e dados e "
                    "acolhem entrevistas ao vivo.</li>"
                    "<li><b>Organizações da diáspora e de migrantes</b> que ajudam as "
                    "pessoas a compartilhar as suas histórias com segurança.</li>"
                    "<li><b>Universidades e centros de pesquisa</b> que analisam e "
                    "explicam os números.</li>"
                    "<li><b>Empresas financeiras e de tecnologia</b> comprometidas com "
                    "remessas mais baratas e seguras.</li></ul>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Becoming a partner",
                es="Cómo asociarse",
                fr="Devenir partenaire",
                pt="Como se tornar parceiro",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Partners agree to use the campaign’s materials as published, to "
                    "respect the consent each storyteller has given, and to credit the "
                    "sources of the data. Partnership does not involve any transfer of "
                    "funds. To discuss a partnership, please write to the campaign "
                    'through the <a linktype="page" id="{page:contact}">contact page'
                    "</a>.</p>"
                ),
                es=(
                    "<p>Los socios se comprometen a usar los materiales de la campaña tal "
                    "como se publican, a respetar el consentimiento otorgado por cada "
                    "autor y a citar las fuentes de los datos. La alianza no implica "
                    "ninguna transferencia de fondos. Para proponer una alianza, escriba "
                    'a la campaña a través de la <a linktype="page" id="{page:contact}'
                    '">página de contacto</a>.</p>'
                ),
                fr=(
                    "<p>Les partenaires s’engagent à utiliser les contenus de la campagne "
                    "tels qu’ils sont publiés, à respecter le consentement donné par "
                    "chaque auteur et à citer les sources des données. Un partenariat "
                    "n’implique aucun transfert de fonds. Pour en discuter, écrivez à la "
                    'campagne via la <a linktype="page" id="{page:contact}">page de '
                    "contact</a>.</p>"
                ),
                pt=(
                    "<p>Os parceiros se comprometem a usar os materiais da campanha tal "
                    "como publicados, a respeitar o consentimento dado por cada autor e "
                    "a citar as fontes dos dados. A parceria não envolve nenhuma "
                    "transferência de recursos. Para propor uma parceria, escreva para a "
                    'campanha pela <a linktype="page" id="{page:contact}">página de '
                    "contato</a>.</p>"
                ),
            ),
        ),
    ],
}
