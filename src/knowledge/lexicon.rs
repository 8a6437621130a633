//! Word lists that drive analysis and confidence, as data: adding a language or a unit is a new
//! row here, not a new code path. Entries are written as people type them; they are run through
//! [`crate::knowledge::analysis::analyze`] once, so spelling variants that analysis unifies
//! (accents, Arabic alef forms, plurals) need no separate rows.

/// Function words that say nothing about *what* is asked: they are left out of search terms and
/// of the confidence calculation. One row per language (romanized forms with their script).
pub const STOPWORDS: &[(&str, &str)] = &[
    (
        "en",
        "a an the is are was were be been being am i me my mine we us our you your yours he him his \
         she her it its they them their this that these those what which who whom whose when where \
         why how do does did doing done have has had having can could will would shall should may \
         might must of in on at to for from by with about as into onto over under up down out off \
         and or but if then so than too very just not no nor yes please pls plz kindly hi hello hey \
         thanks thank ok okay want wanted need needed tell know get got give any some there here also \
         sir madam dear let lets me one all more most other such only own same again any anything \
         something whats im i'm ive dont does doesnt available u ur r \
         still yet now since until till while during ever never always often \
         sometimes soon already really actually maybe just even much many lot lots bit little thing \
         things way guy guys bro buddy everyone everything nothing whether each every \
         both either neither another others else instead though although because cause coz cuz bcoz \
         via through away hasnt havent isnt arent wasnt werent didnt wont cant couldnt wouldnt \
         shouldnt youre theyre weve ill id its put like \
         think said say says take takes took taking seem seems run \
         runs running come comes coming came go goes going went gone make makes made find found \
         see saw seen mean means ask asked able sure per vs versus option options regular \
         regularly normal normally usually after above below last instead",
    ),
    (
        "hi-Latn",
        "ka ki ke ko me mei mein main mai mujhe mujhko muje hame hamein humein hum ham aap ap aapka \
         aapki aapke apka apki apke tum tumhara tumhari tu tera teri mera meri mere hai hain h he hei \
         ho hoga hogi honge hota hoti hote tha thi the kya kyaa kia kitna kitni kitne kab kahan kaha \
         kahaan kaise kaisa kaisi kyun kyu kyon kaun kon konsa kaunsa kounsa ye yeh yah wo woh vo vah \
         bhi to toh hi na nahi nahin nhi haan han ha ji jee bhai bhaiya bhaiyya didi please sab \
         kuch koi ek do de dena dedo dijiye diya dete deta karo karna karte karta karti kar kare \
         karein karunga karenge kiya chahiye chaiye chahie chahte chahti batao bataiye batana bata \
         sunao suna sunaiye mil milega milegi milenge milta milti milte wala wali wale waala \
         waali waale abhi aaj bol bolo boliye se par pe tak liye lie aur ya agar lekin bas sakte \
         sakta sakti raha rahe rahi jayega jaega jaata jata jati jaate bhej bhejo bhejna bhejiye \
         bhejte bhejdo le lo lena lelo lu loon kaam lag lage lagta lagti lagte lagega lagegi \
         lagenge lagbe badhane badhana badhaye \
         baar pehle pahle pehla baad phir fir jab tab \
         gaya gayi gaye ja jao jaun jaunga lunga lungi lenge doge dogi denge dunga karoge karogi \
         karu karun karoon kardo karwa karwana rehta rehti rehte rahega rahegi rahenge padega \
         padegi pada liya lia li kisi kis kuchh lene dene sahi accha acha achha theek thik yaar \
         ekdam bilkul zara jara thoda thodi bahut bohot bahot wahan yahan idhar udhar jaise waise \
         matlab mtlb sirf unka unki unke uska uski uske iska iski iske inka apna apni apne hamara \
         hamari humara humari jo jis jise kyunki kyuki isliye chal chalo dekho dekh dekhke kahin \
         kahi aa aaya aayi aaye aati pasand bhar",
    ),
    (
        "hi",
        "का की के को में मैं मुझे हम हमें आप आपका आपकी आपके तुम मेरा मेरी मेरे है हैं हो होगा होगी होता \
         होती था थी थे क्या कितना कितनी कितने कब कहाँ कहां कैसे कैसा कैसी क्यों कौन कौनसा यह ये वह वो भी \
         तो ही न ना नहीं हाँ हां जी भाई भैया सब कुछ कोई एक दो दे दें देना दीजिए दिया करो करना करते करें \
         कर चाहिए बताओ बताइए बताएं मिल मिलेगा मिलेगी मिलता मिलती वाला वाली वाले अभी आज से पर तक लिए और \
         या अगर लेकिन सकते सकता सकती रहा रहे रही जाएगा भेज भेजो भेजें भेजते \
         बार पहले बाद फिर जब तब गया गई गए जा जाओ लूंगा लूँगा लेंगे दोगे देंगे \
         करोगे रहता रहती रहेगा रहेगी पड़ेगा पड़ेगी लिया किसी किस लेने देने सही अच्छा ठीक यार बिल्कुल \
         ज़रा जरा थोड़ा थोड़ी बहुत यहाँ यहां वहाँ वहां जैसे मतलब सिर्फ़ सिर्फ बस उनका उसका उसकी इसका \
         इसकी अपना अपनी अपने हमारा हमारी जो जिस क्योंकि इसलिए देखो देख आ आया आई आए आता आती आते पसंद कहीं",
    ),
    (
        "pt",
        "o a os as um uma uns umas de do da dos das no na nos nas em por para pra pro com sem que qual \
         quais quem quando onde como e ou mas se é e sao são eu voce vocês vc vcs meu minha meus \
         minhas seu sua seus suas nosso nossa tem têm ter tenho tá ta esta está estou isso isto esse \
         essa este aqui ali lá muito muita mais menos já sim nao não oi ola olá obrigado obrigada \
         favor pode posso podem quero queria gostaria saber sobre ai aí me te lhe gente fica vai vou \
         ser foi ja bom dia tarde noite \
         ainda agora ontem depois antes sempre nunca tambem so mesmo msm vem \
         ir fazer faz consigo consegue conseguir q qnd qdo tb tbm pq porque entao tipo coisa \
         alguma algum nada tudo todo toda outro outra ela ele eles elas dele dela cara moco moca \
         amiga amigo ne blz beleza voces lo sou moro mora ca cá tao tão estao estão hj acho \
         achei sei ver usar",
    ),
    (
        "ar",
        "هل ما ماذا من في إلى الى على عن مع هذا هذه ذلك تلك انا أنا انت أنت انتم أنتم نحن هو هي هم \
         و أو او لا نعم لو سمحت ممكن أبي ابي ابغى أبغى ابغي أريد اريد عندكم عندك فيه في يوجد هناك \
         كيف متى وين أين اين ليش لماذا شو شنو اي أي كل بس ايش إيش يا مرحبا السلام عليكم شكرا \
         لي لك لكم \
         ينفع حين لين وش عشان نبي نبا ابا عطني اللي الي هذي هاذا كذا يعني طيب زين \
         الحين توه بعد قبل لما اذا لكن مو مب شي شيء حق عند عندي لنا لهم فيها منها منكم معي \
         وايد كثير شوي بعض بالضبط ضبط هناك لهناك هنا ساكن اسكن فتحت زيادة زياده اضافي مكتوب يمكن ممكن نفس داخل وما وهو وهي ولا ولو اسوي نسوي",
    ),
    (
        "bn",
        "কি কী আছে আছেন আপনি আপনার আপনারা আমি আমার আমরা আমাদের তুমি তোমার কত কোথায় কখন কেন কেমন \
         কিভাবে কীভাবে এবং ও না হ্যাঁ হাঁ এই সেই যে দেন দিন দেবেন করেন করব করবেন করতে হবে হয় \
         পাওয়া যায় তো একটা একটু জন্য থেকে পর্যন্ত দাদা দিদি \
         এক যাচ্ছে নেব নেবো নেবেন নিলাম লাগবে লাগছে করলে দিয়ে দেওয়া করে হয়ে \
         গেছে গেল যাবে যাবেন হলে তাহলে কিন্তু আর বা খুব অনেক শুধু এখন বলুন বলো জানাবেন আসবেন আসব আসুন",
    ),
    (
        "bn-Latn",
        "ki ache achhe apni apnar apnara ami amar amra tumi tomar koto kothay kokhon keno kemon \
         kivabe kibhabe ebong o na haan ei sei je den din deben koren korbo korben korte hobe hoy \
         paowa jay to ekta ektu jonno theke dada didi \
         nebo nebe neben nilam lagbe lagche korle diye dewa kore hoye geche gelo pawa \
         jabe jaben hole tahole kintu ar ba khub onek shudhu ekhon bolun bolo janaben",
    ),
    (
        "gu",
        "શું છે છો છીએ તમે તમારી તમારો તમારા અમે અમારી હું મારે મને મારી મારો કેટલું કેટલા કેટલી ક્યાં \
         ક્યારે કેમ કેવી રીતે માં નો ની નું ના ને થી અને કે પણ આપો આપશો મળે મળશે હા ના જી ભાઈ બેન \
         કરો કરી કરશો એક \
         પડે ગમે વધારે થશે લેવા લઈ જોઈએ જોઇએ હતું હતો હતી કરવું કરવા કરાવી દીધું \
         હવે પછી પહેલાં બહુ ખૂબ થોડું તો જ એટલે",
    ),
    (
        "gu-Latn",
        "shu su chhe che chho cho chhiye tame tamari tamaro tamara ame amari hu mare mane mari maro \
         ketlu ketla ketli kya kyare kem kevi rite ma no ni nu ne thi ane ke pan aapo aapsho male \
         malse malshe ha ji ben karo kari karsho \
         pade game vadhare thase thashe leva lai joie joiye hatu hato hati karvu \
         karva karavi didhu pachi pehla bahu khub thodu etle haju aavyo aavi",
    ),
];

/// Words of the topics people ask a general-purpose assistant about and no shop's catalog or FAQ
/// answers: weather, news and politics, sports, recipes, health, finance, entertainment, travel,
/// homework, astrology, jobs, farming. A query with one of them that the business's own
/// knowledge never uses is out of scope (WhatsApp's terms forbid general-purpose assistants on
/// the Business Platform). A shop that does use the word (a pharmacy's "medicine", a jeweller's
/// "gold") keeps it as an ordinary word. Words that also name shop things ("match" for matching
/// blouses, "jogo" for a bed set, "loan" for EMI, "ticket") are left out.
pub const OFF_TOPIC: &[(&str, &str)] = &[
    (
        "weather",
        "weather forecast temperature rain raining rainfall mausam baarish barish barsaat मौसम \
         बारिश तापमान chuva chover clima temperatura الطقس طقس الجو مطر امطار আবহাওয়া বৃষ্টি \
         brishti હવામાન વરસાદ varsad",
    ),
    (
        "news_politics",
        "news election elections minister president politics political vote voting chunav \
         चुनाव खबर समाचार प्रधानमंत्री मंत्री eleicao eleicoes presidente politica noticia \
         noticias انتخابات رئيس اخبار نির্বাচন খবর মন্ত্রী ચૂંટણી સમાચાર",
    ),
    (
        "sports",
        "cricket ipl football fifa olympics kohli dhoni messi ronaldo futebol campeonato \
         corinthians flamengo palmeiras كورة مباراة مباراه الدوري ক্রিকেট ফুটবল ક્રિકેટ \
         क्रिकेट",
    ),
    (
        "recipes",
        "recipe recipes रेसिपी receita receitas وصفة وصفات রেসিপি રેસીપી રેસિપી",
    ),
    // "Teach me", "tips", "DIY steps": the asking form of a general assistant, not of a
    // customer (a shop that writes "tips" or "steps" in its FAQ keeps them).
    (
        "tutorials",
        "teach tips tutorial sikhao sikhaiye sikha सिखाओ सिखाइए सिखा ensina ensinar \
         tutorial dicas علمني تعليم شرح শেখাও শিখিয়ে શીખવો શીખવાડો",
    ),
    (
        "health",
        "doctor symptoms fever paracetamol vaccine vaccination hospital dawai dawa lakshan \
         डॉक्टर बुखार लक्षण दवाई medico febre sintomas vacina طبيب دكتور مستشفى لقاح \
         ডাক্তার জ্বর ડૉક્ટર ડોક્ટર તાવ",
    ),
    (
        "finance",
        "bitcoin crypto sensex nifty insurance acoes بيتكوين اسهم",
    ),
    (
        "entertainment",
        "joke jokes funny movie movies film films song songs netflix chutkula मजाक मज़ाक \
         चुटकुला फिल्म गाना piada piadas filme novela نكتة نكته نكت فيلم اغنية জোকস সিনেমা \
         ফিল্ম જોક ફિલ્મ",
    ),
    (
        "travel",
        "train flight flights hotel hotels airline ट्रेन फ्लाइट होटल passagem voo onibus \
         فندق طيران ট্রেন হোটেল ટ્રેન હોટલ",
    ),
    (
        "homework",
        "capital homework essay poem poetry invented invention kavita कविता निबंध redacao \
         poema قصيدة আবিষ্কার কবিতা કવિતા નિબંધ",
    ),
    (
        "astrology",
        "horoscope rashifal kundli राशिफल कुंडली horoscopo signo برج ابراج রাশিফল રાશિફળ",
    ),
    (
        "jobs",
        "naukri vacancy resume emprego وظيفة وظايف চাকরি નોકરી नौकरी",
    ),
    ("farming", "kheti fasal khad खेती फसल खाद fertilizer lavoura"),
];

/// Places customers name when they ask about delivery or pickup ("do you deliver to Jaipur?",
/// "moro em Goiânia", "انا في عجمان"): major cities, states and emirates of the markets sahayak
/// serves, and the countries people send gifts to. A place the business's knowledge never
/// mentions says nothing about whether the question is in scope, so it is neither a known nor
/// an unknown word; a place the knowledge does mention ("we deliver in Deira") is an ordinary
/// word and is matched.
/// Spans of time ("this month", "har hafte"): a shop that never writes them is neither more
/// nor less likely to be the one asked ("discount this month?").
pub const TIMES: &[(&str, &str)] = &[
    ("en", "day days week weeks month months monthly weekly"),
    ("hi-Latn", "din dino hafta hafte mahina mahine"),
    ("hi", "दिन दिनों हफ्ता हफ्ते हफ़्ते महीना महीने"),
    ("pt", "semana semanas mes meses mensal semanal"),
    ("ar", "يوم شهر اسبوع الاسبوع"),
    ("bn", "সপ্তাহ মাস"),
    ("bn-Latn", "saptaho mash"),
    ("gu", "મહિને મહિનો અઠવાડિયે અઠવાડિયું"),
    ("gu-Latn", "divas mahine mahino athvadiye"),
];

pub const PLACES: &[(&str, &str)] = &[
    (
        "india",
        "mumbai bombay delhi dilli noida gurgaon gurugram ghaziabad faridabad bangalore \
         bengaluru blr hyderabad secunderabad chennai madras kolkata calcutta howrah pune \
         ahmedabad amdavad surat vadodara baroda rajkot gandhinagar bhavnagar jamnagar jaipur \
         jodhpur udaipur lucknow kanpur varanasi banaras allahabad prayagraj agra meerut \
         nagpur nashik thane aurangabad indore bhopal patna ranchi bhubaneswar cuttack guwahati \
         siliguri durgapur asansol chandigarh ludhiana amritsar jalandhar dehradun shimla \
         kochi cochin trivandrum thiruvananthapuram coimbatore madurai mysore mysuru mangalore \
         visakhapatnam vizag vijayawada goa raipur jammu srinagar punjab haryana rajasthan \
         gujarat maharashtra bihar jharkhand odisha orissa assam kerala karnataka telangana \
         uttarakhand ladakh leh kashmir himachal sikkim manipur meghalaya mizoram nagaland \
         tripura arunachal puducherry pondicherry andhra tamilnadu nadu bengal uttar pradesh \
         chhattisgarh \
         मुंबई मुम्बई दिल्ली नोएडा गुड़गांव गुरुग्राम बैंगलोर बेंगलुरु हैदराबाद चेन्नई कोलकाता पुणे \
         अहमदाबाद सूरत जयपुर लखनऊ कानपुर वाराणसी आगरा नागपुर इंदौर भोपाल पटना रांची चंडीगढ़ \
         पंजाब हरियाणा राजस्थान गुजरात महाराष्ट्र बिहार \
         কলকাতা হাওড়া দিল্লি মুম্বাই শিলিগুড়ি দুর্গাপুর আসানসোল বর্ধমান গুয়াহাটি ভুবনেশ্বর \
         বেঙ্গালুরু চেন্নাই পুনে \
         અમદાવાદ સુરત વડોદરા રાજકોટ ગાંધીનગર ભાવનગર જામનગર મુંબઈ દિલ્હી પુણે બેંગલોર",
    ),
    (
        "gulf",
        "dubai sharjah ajman fujairah rak khaimah abudhabi dhabi umm quwain alain deira \
         karama jlt marina jumeirah barsha qusais muhaisnah riyadh jeddah dammam khobar \
         mecca makkah medina madinah doha muscat kuwait bahrain manama \
         دبي الشارقة شارقة عجمان الفجيرة فجيرة الخيمة ابوظبي ظبي ديرة الكرامة \
         جميرا البرشاء القصيص الرياض جدة الدمام الخبر مكة الدوحة مسقط الكويت البحرين",
    ),
    (
        "brazil",
        "paulo rio janeiro bahia salvador recife fortaleza belem manaus curitiba \
         florianopolis goiania brasilia campinas santos guarulhos osasco niteroi vitoria \
         maceio aracaju teresina cuiaba londrina \
         uberlandia ribeirao contagem sorocaba minas gerais parana pernambuco ceara \
         goias catarina maranhao amazonas espirito sul nordeste",
    ),
    (
        "abroad",
        "usa america canada uk london england australia singapore malaysia germany \
         france japan china nepal bangladesh pakistan sri lanka dhaka kathmandu portugal \
         europe",
    ),
];

/// Languages whose customers write romanized forms of an Indic script (Hinglish, Banglish,
/// romanized Gujarati): only businesses serving one of them get phonetic-skeleton matching, since
/// for others a skeleton collision ("mausam" ~ "mesmo") is pure noise.
pub const INDIC_LANGUAGES: &[&str] = &[
    "hi", "bn", "gu", "mr", "pa", "ne", "or", "as", "sa", "kn", "te", "ta", "ml",
];

/// Words that ask about price, money or quantity. Catalogs are full of prices, so these words
/// alone never make a question in scope: they still rank results but count for nothing in
/// confidence.
pub const PRICE_WORDS: &str = "price prices pricing priced cost costs costing rate rates much \
     mrp rs rupee rupees rupaye rupay rupiya inr aed brl dirham dirhams reais real daam dam \
     daama kimat keemat kimmat keemath bhav bhaav bhaw charge charges \
     preco preço precos preços valor valores quanto quanta custa custo custam \
     दाम कीमत क़ीमत रेट मूल्य भाव रुपये रुपए रूपये \
     ભાવ કિંમત કિમત રૂપિયા \
     দাম কিমত দর টাকা পড়বে porbe \
     سعر أسعار اسعار بكم كم ثمن تكلفة درهم دراهم شحال بكام كام قديش";

/// Measurement units and their spellings in the scripts customers use, all folded to one token
/// so "५ किलो", "5kg" and "5 kilo" match.
pub const UNITS: &[(&str, &[&str])] = &[
    (
        "kg",
        &[
            "kg",
            "kgs",
            "kilo",
            "kilos",
            "kilogram",
            "kilograms",
            "kilogramme",
            "quilo",
            "quilos",
            "quilograma",
            "किलो",
            "किग्रा",
            "किलोग्राम",
            "কেজি",
            "কিলো",
            "કિલો",
            "કિગ્રા",
            "كيلو",
            "كغ",
            "كجم",
            "كيلوغرام",
            "كيلوجرام",
        ],
    ),
    (
        "g",
        &[
            "g",
            "gm",
            "gms",
            "gram",
            "grams",
            "gramme",
            "grammes",
            "gr",
            "grs",
            "grama",
            "gramas",
            "ग्राम",
            "ग्रा",
            "গ্রাম",
            "ગ્રામ",
            "غرام",
            "جرام",
            "جم",
            "غ",
        ],
    ),
    (
        "l",
        &[
            "l",
            "lt",
            "ltr",
            "ltrs",
            "litre",
            "litres",
            "liter",
            "liters",
            "litro",
            "litros",
            "लीटर",
            "लिटर",
            "লিটার",
            "લિટર",
            "લીટર",
            "لتر",
            "ليتر",
        ],
    ),
    (
        "ml",
        &[
            "ml",
            "mls",
            "millilitre",
            "millilitres",
            "milliliter",
            "milliliters",
            "mililitro",
            "mililitros",
            "मिली",
            "मिलीलीटर",
            "মিলি",
            "મિલી",
            "مل",
            "ملل",
        ],
    ),
    (
        "m",
        &[
            "m",
            "mtr",
            "mtrs",
            "metre",
            "metres",
            "meter",
            "meters",
            "मीटर",
            "মিটার",
            "મીટર",
            "متر",
        ],
    ),
    (
        "cm",
        &[
            "cm",
            "cms",
            "centimetre",
            "centimeter",
            "centimetro",
            "सेमी",
            "સેમી",
            "سم",
        ],
    ),
    (
        "inch",
        &[
            "inch",
            "inches",
            "polegada",
            "polegadas",
            "इंच",
            "ইঞ্চি",
            "ઇંચ",
            "انش",
            "بوصة",
        ],
    ),
    // Distance, as in "5 km door hai" / "3 किमी तक". Arabic كم is left out: it is "how much".
    (
        "km",
        &[
            "km",
            "kms",
            "kilometer",
            "kilometre",
            "kilometers",
            "kilometres",
            "किमी",
            "किलोमीटर",
            "quilometro",
            "quilometros",
            "كيلومتر",
            "কিমি",
            "কিলোমিটার",
            "કિમી",
            "કિલોમીટર",
        ],
    ),
    ("mah", &["mah"]),
    ("w", &["w", "watt", "watts", "वाट", "واط"]),
    ("gb", &["gb", "جيجا"]),
    (
        "pc",
        &[
            "pc",
            "pcs",
            "piece",
            "pieces",
            "peca",
            "pecas",
            "पीस",
            "পিস",
            "પીસ",
            "حبة",
        ],
    ),
];

/// Colour names, which say which variant a product is ("Titanium Gray", "लाल", "azul"): a
/// query that does not name the colour asks no less precisely for the product.
pub const COLOURS: &str = "black white red blue green yellow orange pink purple violet brown \
     grey gray silver gold golden beige cream maroon navy teal turquoise olive mustard peach \
     magenta lavender multicolour multicolor titanium graphite midnight \
     kala kaala kali safed lal laal neela nila hara peela pila gulabi bhura sunehra \
     काला काली सफेद सफ़ेद लाल नीला नीली हरा हरी पीला पीली गुलाबी भूरा सुनहरा नारंगी बैंगनी \
     preto preta branco branca vermelho vermelha azul verde amarelo amarela rosa roxo roxa \
     marrom cinza prata dourado dourada bege creme vinho laranja \
     اسود سوداء ابيض بيضاء احمر حمراء ازرق زرقاء اخضر خضراء اصفر صفراء وردي بنفسجي بني رمادي \
     فضي ذهبي برتقالي \
     কালো সাদা লাল নীল সবুজ হলুদ গোলাপি বাদামি ছাই রুপালি সোনালি কমলা বেগুনি \
     કાળો કાળી સફેદ લાલ વાદળી લીલો લીલી પીળો પીળી ગુલાબી ભૂરો સોનેરી નારંગી જાંબલી";

/// Accessory nouns: a product whose name has one the query does not ask for is an accessory
/// of what the query names ("S24 Ultra Silicone Case" for "s24 ultra price"), and ranks below
/// the thing itself.
pub const ACCESSORIES: &str = "case cover protector guard tempered charger cable adapter strap \
     stand holder mount \
     कवर चार्जर केबल capa capinha pelicula carregador cabo adaptador pulseira \
     كفر جراب حافظة شاحن سلك لاصقة حماية কভার চার্জার কেবল કવર ચાર્જર";

/// Words for a fraction of a unit, as customers say pack sizes: "aadha kilo" (half a kilo),
/// "pav kilo" (a quarter), "dedh litre" (one and a half), "meio quilo", "نص كيلو", "আধা কেজি".
/// Matched after analysis, so written plainly; a word is read as a fraction only when a unit
/// follows it.
pub const FRACTIONS: &[(f64, &[&str])] = &[
    (
        0.5,
        &[
            "half",
            "aadha",
            "adha",
            "aadhi",
            "adhi",
            "aadhe",
            "adhe",
            "आधा",
            "आधी",
            "आधे",
            "meio",
            "meia",
            "نص",
            "نصف",
            "আধা",
            "আধ",
            "અડધો",
            "અડધી",
            "અડધું",
            "addho",
        ],
    ),
    (0.25, &["quarter", "pav", "paav", "pao", "पाव", "পোয়া"]),
    (1.5, &["dedh", "derh", "डेढ़", "डेढ", "দেড়", "દોઢ", "dodh"]),
    (2.5, &["dhai", "dhaai", "ढाई", "আড়াই", "અઢી"]),
    (1.25, &["sawa", "sava", "सवा", "সোয়া", "સવા"]),
];

/// Endings that Gujarati, Bengali and Hindi attach to a word (case endings, plural markers,
/// "-wala"), longest first within a script. Used only to add matching keys, never to change
/// the indexed word, so an ending that is really part of a word costs nothing but a rare
/// extra match.
pub const INDIC_SUFFIXES: &[&str] = &[
    // Gujarati
    "માંથી",
    "વાળું",
    "વાળી",
    "વાળા",
    "વાળો",
    "માં",
    "નાં",
    "નું",
    "ની",
    "નો",
    "ના",
    "ને",
    "થી",
    "ઓ",
    // Bengali
    "গুলো",
    "গুলি",
    "দের",
    "টার",
    "টির",
    "য়ের",
    "টা",
    "টি",
    "তে",
    "কে",
    "ের",
    "র",
    "ে",
    // Hindi
    "वाला",
    "वाली",
    "वाले",
    "ों",
    "ें",
];
