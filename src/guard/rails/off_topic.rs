//! Requests for a general-purpose assistant (poems, homework, translation, jokes, news,
//! weather, sport, general knowledge), which WhatsApp's Business terms do not allow a business
//! bot to serve. Shops sell poem notebooks, story books and coupon codes, and customers ask
//! whether it is a joke that their parcel is late, so a phrase pairs the task with the verb
//! that asks for it ("write a poem", "joke sunao", "previsão do tempo"), never the noun alone.

use std::sync::OnceLock;

use super::text::{Compiled, Message, Table};

const TABLE: Table = Table {
    classes: &[
        (
            "lang_en",
            "english|hindi|arabic|urdu|french|spanish|german|tamil|bengali|bangla|gujarati|marathi|\
             portuguese|telugu|kannada|malayalam|punjabi|chinese|japanese|russian|italian|korean|\
             turkish",
        ),
        // What a shop may sell that translates: "translate app wala phone?".
        (
            "gadget",
            "app|apps|wala|vala|wali|device|devices|machine|pen|pens|earbuds|dictionary|book|books|\
             service|services|feature",
        ),
        (
            "writing_en",
            "poem|poems|poetry|essay|essays|story|stories|song|songs|lyrics|rap|haiku|limerick|\
             shayari|sonnet|speech|article|blog|blogs|novel|screenplay|paragraph|letter|\
             cover+letter|resume|cv|biography|report|thesis|assignment|caption|captions|tweet|\
             kavita|kahani|nibandh|leave+application",
        ),
        (
            "sport_en",
            "cricket|ipl|match|football|soccer|t20|odi|test+match|world+cup|fifa|nba|rcb|csk|kkr|\
             mi|premier+league|champions+league|la+liga|f1|tennis|kabaddi",
        ),
        (
            "write_hi",
            "likho|likh+do|likhdo|likhiye|likh+ke+do|likhna|likh+dijiye|likhkar|likh+kar|likhke|\
             likh+ke|sunao|suna+do|sunado|sunaiye|sunaao|banao|bana+do|bnao",
        ),
        (
            "tell_hi",
            "sunao|suna+do|sunaiye|sunado|sunaao|batao|btao|bolo|bhejo|maro|maar|sunaoge|\
             suna+sakte",
        ),
        (
            "lang_hi",
            "english|hindi|arabic|urdu|angrezi|angreji|inglish|marathi|gujarati|bangla|tamil|\
             french|spanish",
        ),
        (
            "sport_hi",
            "cricket|ipl|match|final|football|t20|odi|world+cup|toss|election|chunav|rcb|csk",
        ),
        (
            "won_hi",
            "jeeta|jita|jeetega|jitega|jeeti|jiti|jeet+gaya|jeet+gayi|jeet+rahi|jeet+raha|jeetegi|\
             jitegi",
        ),
        ("sport_hi_deva", "चुनाव|मैच|क्रिकेट|आईपीएल|फाइनल|फुटबॉल|वर्ल्ड+कप"),
        (
            "lang_hi_deva",
            "अंग्रेजी|अंग्रेज़ी|इंग्लिश|हिंदी|अरबी|उर्दू|गुजराती|बंगाली|मराठी",
        ),
        ("sport_bn", "খেলা|ম্যাচ|নির্বাচন|ভোট|আইপিএল|ক্রিকেট|ফুটবল|ডার্বি"),
        (
            "sport_latn_bn_gu",
            "khela|match|election|vote|ipl|cricket|football|derby|chutni|chuntani",
        ),
        ("sport_gu", "ચૂંટણી|મેચ|ક્રિકેટ|આઈપીએલ|ફૂટબોલ"),
        (
            "sport_ar",
            "مباراه|ماتش|انتخابات|دوري|كاس|نهائي|بطوله|الكلاسيكو|كلاسيكو|مباريات",
        ),
        (
            "sport_pt",
            "jogo|partida|eleicao|eleicoes|copa|campeonato|final|brasileirao|libertadores|corrida|\
             oscar|bbb|big+brother|classico|mundial",
        ),
        (
            "lang_pt",
            "ingles|espanhol|frances|alemao|arabe|japones|chines|italiano|portugues|russo|coreano",
        ),
    ],
    phrases: &[
        (
            "en",
            &[
                // Writing for the customer.
                "write|compose|draft|pen ~0 me|us|_ ~0 a|an|some|the|my|one|_ ~2 @writing_en",
                "generate|create|make|give ~0 me|us|_ ~0 a|an|some|one|_ ~1 poem|poems|poetry|\
                 essay|story|stories|song|songs|lyrics|rap|haiku|shayari|speech|kavita",
                "poem|poems|poetry|essay|speech|lyrics|shayari|kavita|story|song ~5 write|compose \
                 ~0 it|one|this|for+me",
                "write|generate|create ~0 me|_ ~0 a|some|the|_ ~0 code|program|script|function|\
                 algorithm|query ~0 for|to|that|in|which|using|$",
                "write|draft|compose ~0 a|an|_ ~0 email|mail|letter|application|message|note ~2 to|\
                 for ~0 my ~0 boss|teacher|principal|manager|landlord|hr|professor|girlfriend|\
                 boyfriend|wife|husband|office|college|school",
                "python|java|javascript|js|html|css|sql|php|rust|golang|vba|excel+formula|\
                 c+program|c+code ~0 code|program|script|function|query|formula|loop|programming|\
                 coding",
                "code|program|script|function ~1 in|using ~0 python|java|javascript|html|sql|php|\
                 rust|golang",
                "tell|narrate|sing|recite|read|share ~0 me|us|_ ~0 a|an|some|one|another|_ ~0 \
                 funny|short|good|nice|bedtime|love|scary|random|cool|_ ~0 story|stories|poem|\
                 poems|song|songs|rhyme|fairy+tale|riddle|riddles|fun+fact|fact|quote|quotes|\
                 shayari|kahani",
                // Jokes (not "is this a joke?", which is a complaint).
                "tell|crack|say|share|send|know|give|make ~0 me|us|_ ~0 a|an|some|any|one|another|\
                 good|_ ~0 funny|good|new|dirty|dad|_ ~0 joke|jokes|joks|jok|pun|puns",
                "say|tell ~0 me|us|_ ~0 something ~0 funny|interesting|romantic",
                "make me laugh",
                "any|know+any|got+any ~0 good|funny|_ ~0 jokes",
                // Homework and maths.
                "help|complete|finish|write|answer|check|solve ~4 homework|home+work|assignment|\
                 assignments|worksheet|coursework",
                "do ~0 my|this|the|our ~0 homework|assignment|home+work",
                "solve ~3 math|maths|mathematics|equation|equations|integral|derivative|quadratic|\
                 algebra|sum|sums|puzzle|sudoku|for+x|riddle",
                "math|maths|mathematics|algebra|geometry|physics|chemistry|calculus|trigonometry|\
                 biology ~0 question|questions|problem|problems|homework|sum|sums|equation|doubt",
                "explain|teach ~0 me|us|_ ~3 theory|physics|chemistry|biology|quantum|relativity|\
                 photosynthesis|gravity|grammar|calculus|algebra|economics|history+of+india",
                "summarize|summarise ~2 this|the|article|text|paragraph|book|chapter|video|it",
                // Translation.
                "translate|translat|translation !@gadget ~4 into|to|in ~0 @lang_en",
                "translate ~0 this|it|that|these|the+following|following|for+me|me|sentence|\
                 paragraph|text|word|line|message|$",
                "^ translate !@gadget|feature|option|karne|language|languages",
                "what|whats ~0 does|is ~4 mean|meaning ~0 in ~0 @lang_en",
                "how ~0 do+you|to|do+i|would+you|can+i|we ~0 say ~4 in ~0 @lang_en",
                // General knowledge, news, sport, weather.
                "who|whos ~0 is|was|s|will+be|are|r|_ ~0 the|our|india|indias|_ ~0 current|new|_ \
                 ~0 pm|prime+minister|president|cm|chief+minister|king|queen|governor|mayor|\
                 chancellor|finance+minister|home+minister|vice+president|richest+man|\
                 richest+person",
                "capital ~0 of|city+of !the+company|the+business|the+firm|the+shop|the+brand|this|\
                 your|my|our|company|business|firm|shop|store|brand",
                "who ~0 won|wins|will+win|is+winning|win|gonna+win ~4 election|elections|match|\
                 game|final|finals|world+cup|cup|league|ipl|series|toss|oscar|oscars|award|race|\
                 trophy|championship|derby",
                "@sport_en ~3 score|scores|scorecard|result|results|live+score|highlights",
                "score ~0 of|in ~0 the|todays|today|_ ~0 @sport_en",
                "whats|what+is|what+s|hows ~0 the ~0 score !card|board|sheet|pad|book|keeper",
                "weather|forecast ~0 today|tomorrow|tmrw|tonight|now|outside|report|update|in|at|\
                 like|of|this+week|for+tomorrow|for+today",
                "hows|how+is|hows+the|whats|what+is|how+will+be ~2 weather|temperature+today|\
                 temperature+outside !sealing|seal|proof|resistant|resistance|strip|stripping|\
                 rating|shield|cover",
                "temperature|temp ~1 today|tomorrow|tonight|now|outside",
                "going+to|gonna|will+it|is+it ~1 rain|snow|raining|snowing",
                "latest|todays|breaking|today+s|top ~0 news|headlines",
                "whats ~0 in ~0 the ~0 news",
                "sensex|nifty|nasdaq|bitcoin|btc|crypto|cryptocurrency|ethereum|dogecoin|\
                 stock+market|share+market|share+price|stock+price",
                "who ~0 invented|discovered",
                // The assistant itself.
                "chatgpt|chat+gpt|openai|gpt|gpt4|gpt+4|llm|language+model|gpt3",
                // Other assistants' jobs.
                "recipe|recipes|recipie ~0 of|for|to|please|pls|$",
                "how+to|how+do+i|how+do+you|how+can+i ~0 cook|bake|prepare|fry|roast|boil",
                "recommend|suggest ~3 restaurant|restaurants|cafe|cafes|hotel|hotels|movie|movies|\
                 film|films|series|netflix|song|songs|places+to+visit|tourist",
                "book ~0 me ~0 a|an ~0 doctor|flight|ticket|train|cab|taxi|uber|hotel|table|\
                 appointment",
                "plan ~0 a|my|our ~0 trip|vacation|holiday|itinerary|diet|workout|wedding",
                "set ~0 a|an|_ ~0 reminder|alarm|timer ~0 for|at",
                "meaning ~0 of ~0 life",
            ],
        ),
        (
            "hi-Latn",
            &[
                "kavita|poem|kahani|kahaani|story|nibandh|essay|shayari|shayri|geet|gaana|song|\
                 lekh|paragraph|letter|application|chitthi|patra ~2 @write_hi",
                "joke|jokes|jok|chutkula|chutkule|chutkla|mazak|funny|mazedaar ~2 @tell_hi",
                "homework|home+work|assignment|hw ~3 karo|kar+do|kardo|karwa+do|karwado|karado|\
                 kara+do|bana+do|likh+do|help|madad",
                "ganit|maths|math|equation|samikaran ~4 solve|hal ~0 karo|kar+do|kardo|kijiye|\
                 karke|krdo",
                "ganit|maths|math ~1 ka|ke|ki|_ ~0 sawal|sawaal|question|prashn|problem|sum",
                "translate|anuvad|anuvaad|tarjuma ~1 karo|kar+do|kardo|kijiye|krdo|karke|kar+ke|\
                 karna|kr+do",
                "@lang_hi ~0 me|mein|main|mai ~2 translate|anuvad|kaise+bolte|kya+kehte|kya+bolte|\
                 kaise+kehte|kya+bolenge",
                "pm|pradhan+mantri|pradhanmantri|prime+minister|cm|mukhyamantri|mukhya+mantri|\
                 rashtrapati|president|raja ~3 kaun ~0 hai|h|he|hain|tha|banega|hoga|_",
                "rajdhani ~2 kya|kaun|kahan",
                "ki|ka ~0 rajdhani|capital",
                "@sport_hi ~4 kaun|kisne ~0 @won_hi",
                "kaun|kisne ~0 @won_hi ~3 @sport_hi",
                "@sport_hi ~3 score|skor|result|scorecard|live|kab+hai|kitne+baje+hai|kab+shuru",
                "ipl|cricket|t20|odi|world+cup|football ~3 kiska|kiski|kaun|kaunsa|kab|kitne+baje",
                "kiska|kiski ~0 match|khel",
                "temperature|tapman|taapmaan ~1 aaj|kal|abhi",
                "score|skor ~0 kya|kitna ~0 hua|hai|chal",
                "mausam|mosam|mausm|weather ~3 kaisa|kaisi|kaise|hoga|rahega|rahegi|report|batao|\
                 btao|kya+hai",
                "aaj|kal ~0 ka|_ ~0 mausam|mosam|weather",
                "baarish|barish|barsaat|rain ~0 hogi|hoga|aayegi|padegi|hogi+kya",
                "recipe|recipi|vidhi ~2 batao|btao|bataiye|bata+do|sikhao|dikhao|kya+hai|chahiye|\
                 bhejo",
                "banane ~0 ki|ka ~0 recipe|vidhi|tarika|tareeka",
                "aaj ~0 ki|ka ~0 khabar|khabren|news|samachar|headlines",
                "taaza|taza|latest ~0 khabar|khabren|news|samachar",
                "tum|tu|aap ~0 kaun ~0 ho|hai|h ~2 chatgpt|gpt|ai|robot|bot",
            ],
        ),
        (
            "hi",
            &[
                "कविता|कहानी|निबंध|शायरी|गाना|गीत|लेख|पत्र|चिट्ठी ~2 लिखो|लिखिए|लिखें|लिख+दो|सुनाओ|\
                 सुनाइए|सुना+दो|बनाओ|लिख+दीजिए|लिखकर|लिख+कर|लिखके",
                "चुटकुला|चुटकुले|जोक|जोक्स ~2 सुनाओ|सुनाइए|सुना+दो|बताओ|भेजो|बोलो",
                "होमवर्क|गृहकार्य ~3 करो|कर+दो|करवा+दो|कराओ|मदद",
                "गणित|मैथ्स|समीकरण ~4 हल|सॉल्व ~0 करो|कर+दो|कीजिए",
                "सवाल ~1 हल ~0 करो|कर+दो|कीजिए",
                "अनुवाद|ट्रांसलेट|तर्जुमा ~1 करो|कर+दो|कीजिए|करें|करके",
                "@lang_hi_deva ~0 में ~2 क्या+कहते|कैसे+बोलते|कैसे+कहते|ट्रांसलेट|अनुवाद",
                "प्रधानमंत्री|प्रधान+मंत्री|मुख्यमंत्री|मुख्य+मंत्री|राष्ट्रपति|पीएम|सीएम ~3 कौन",
                "राजधानी ~2 क्या|कौन|कहां|कहाँ",
                "@sport_hi_deva ~4 कौन|किसने ~0 जीता|जीती|जीतेगा|जीतेगी",
                "@sport_hi_deva ~3 स्कोर|रिजल्ट|कब+है",
                "मौसम ~3 कैसा|कैसी|क्या|होगा|रहेगा|रहेगी|बताओ",
                "बारिश ~0 होगी|होगा|आएगी",
                "तापमान ~1 आज|कल|अभी",
                "रेसिपी|विधि ~2 बताओ|बताइए|बताएं|सिखाओ|क्या+है|चाहिए",
                "बनाने ~0 की|का ~0 रेसिपी|विधि",
                "आज ~0 की|का ~0 खबर|खबरें|समाचार|न्यूज|न्यूज़",
                "ताज़ा|ताजा ~0 खबर|खबरें|समाचार",
            ],
        ),
        (
            "bn",
            &[
                "কবিতা|গল্প|রচনা|প্রবন্ধ|গান|ছড়া|চিঠি ~2 লেখো|লিখুন|লিখে+দাও|লিখে+দিন|লিখো|শোনাও|\
                 শোনান|শুনাও|বলো|বলুন|বল",
                "জোক|জোকস|কৌতুক ~2 বলো|বলুন|শোনাও|শোনান|বল|পাঠাও",
                "হোমওয়ার্ক|বাড়ির+কাজ|অ্যাসাইনমেন্ট ~3 করে+দাও|করে+দিন|করো|সাহায্য",
                "অঙ্ক|অংক|গণিত|সমীকরণ ~3 করে+দাও|করে+দিন|সমাধান|কষে+দাও|সল্ভ",
                "অনুবাদ|ট্রান্সলেট ~1 করো|করুন|করে+দাও|করে+দিন|কর",
                "প্রধানমন্ত্রী|মুখ্যমন্ত্রী|রাষ্ট্রপতি|প্রেসিডেন্ট ~3 কে",
                "রাজধানী ~2 কী|কি|কোথায়|কোনটা",
                "@sport_bn ~4 কে ~0 জিতল|জিতেছে|জিতবে|জিতলো",
                "@sport_bn ~3 কখন|স্কোর|রেজাল্ট|ফল",
                "কে ~2 আবিষ্কার",
                "আবিষ্কার ~2 কে",
                "আবহাওয়া ~3 কেমন|কি|কী|হবে|বলো|আজ|কাল",
                "বৃষ্টি ~0 হবে|হবেকি",
                "রেসিপি|বানানোর+নিয়ম|বানানোর+পদ্ধতি|রান্নার+নিয়ম ~2 বলুন|বলো|দিন|দাও|শেখাও|কী|কি",
                "আজকের|সর্বশেষ|লেটেস্ট ~0 খবর|সংবাদ|নিউজ",
            ],
        ),
        (
            "bn-Latn",
            &[
                "kobita|kabita|golpo|gappo|rochona|gaan|chora ~2 lekho|likho|likhe+dao|likhe+din|\
                 lekhen|shonao|sonao|shonan|bolo|bolun",
                "joke|jokes|koutuk ~2 bolo|bolun|shonao|sonao|pathao",
                "homework|home+work|assignment ~3 kore+dao|kore+din|koro|help",
                "onko|ongko|math|maths|ganit ~3 kore+dao|kore+din|solve|somadhan|kose+dao",
                "translate|anubad|onubad ~1 koro|korun|kore+dao|kore+din|kor",
                "prodhanmontri|pradhanmantri|pm|cm|mukhyomontri|mukhyamantri|rashtrapoti ~3 ke",
                "rajdhani ~2 ki|kothay|kon",
                "@sport_latn_bn_gu ~4 ke ~0 jitlo|jiteche|jitbe",
                "khela|match ~3 kokhon|score|result",
                "abohawa|weather ~3 kemon|ki|hobe|bolo|aaj|kal",
                "brishti|bristi|bishti ~0 hobe|porbe|hobe+ki",
                "recipe|bananor+niyom|ranna+r+niyom ~2 bolun|bolo|din|dao|shekhao",
            ],
        ),
        (
            "gu",
            &[
                "કવિતા|વાર્તા|નિબંધ|ગીત|શાયરી|લેખ|પત્ર ~2 લખો|લખી+આપો|લખી+દો|સંભળાવો|કહો|સંભળાવ|લખ",
                "જોક|જોક્સ|ટુચકો|ટુચકા|રમૂજ ~2 કહો|સંભળાવો|મોકલો|કહે",
                "હોમવર્ક|ગૃહકાર્ય|અસાઇનમેન્ટ ~3 કરી+આપો|કરી+દો|કરો|મદદ",
                "ગણિત|દાખલો|દાખલા|સમીકરણ ~3 ઉકેલો|ગણી+આપો|સોલ્વ|કરી+આપો",
                "અનુવાદ|ભાષાંતર|ટ્રાન્સલેટ ~1 કરો|કરી+આપો|કરી+દો",
                "વડાપ્રધાન|પ્રધાનમંત્રી|મુખ્યમંત્રી|રાષ્ટ્રપતિ|પીએમ|સીએમ ~3 કોણ",
                "રાજધાની ~2 શું|કઈ|કયું|ક્યાં",
                "@sport_gu ~4 કોણ ~0 જીત્યું|જીત્યો|જીતશે|જીતી",
                "મેચ ~3 ક્યારે|સ્કોર|રિઝલ્ટ|કોની",
                "હવામાન|મોસમ|વાતાવરણ ~3 કેવું|કેવુ|કેવી|શું|હશે|રહેશે",
                "વરસાદ ~0 આવશે|પડશે|થશે",
                "રેસીપી|રેસિપી|બનાવવાની+રીત ~2 કહો|જણાવો|બતાવો|આપો|શું",
                "આજના|તાજા ~0 સમાચાર|ન્યૂઝ",
            ],
        ),
        (
            "gu-Latn",
            &[
                "kavita|varta|nibandh|geet|shayari|lekh|story|poem ~2 lakho|lakhi+aapo|lakhi+apo|\
                 lakhi+do|sambhlavo|sambhalavo|kaho|lakh",
                "joke|jokes|tuchko|tuchka ~2 kaho|sambhlavo|sambhalavo|moklo|kahe",
                "homework|assignment ~3 kari+aapo|kari+apo|kari+do|karo|madad|help",
                "ganit|maths|math|dakhlo|dakhla ~3 ukelo|solve|gani+aapo|kari+aapo",
                "translate|anuvad|bhashantar ~1 karo|kari+aapo|kari+apo|kari+do",
                "pm|pradhanmantri|vadapradhan|mukhyamantri|cm|rashtrapati ~3 kon|kaun",
                "rajdhani ~2 su|shu|kai|kyan",
                "@sport_latn_bn_gu ~4 kon ~0 jityu|jityo|jitse|jiti",
                "ipl|match|cricket ~3 kyare|score|result|koni|kono",
                "havaman|mosam|mausam|vatavaran|weather ~3 kevu|kevi|su|shu|hashe|raheshe",
                "varsad ~0 aavshe|padshe|thashe|avse|padse",
                "recipe|banavani+rit ~2 kaho|janavo|batavo|aapo|apo|su|shu",
            ],
        ),
        (
            "ar",
            &[
                "اكتب|اكتبي|اكتبلي|الف|الفي|نظم|قول|قل|قولي|احكي|احكيلي|احك|ارسل|سمعني|عطني|اعطني \
                 ~2 قصيده|شعر|قصه|قصص|مقال|مقاله|موضوع+تعبير|تعبير|اغنيه|خاطره|رساله+حب|بحث|خطبه|\
                 حكايه|حكايات|نكته|نكت|نكتة",
                "نكته|نكت ~1 ابي|ابغى|عندك|تعرف",
                "ابي|ابغى|ابغي|اريد|عطني|هات ~1 نكته|نكت",
                "درجه+الحراره|الحراره ~2 اليوم|بكره|باجر|غدا|الحين|بكرا",
                "كود|برنامج|برمجه ~0 بايثون|جافا|python|java|html|جافاسكربت",
                "واجب|واجبي|واجبات|فرض ~2 حل|حلي|ساعدني|سوي|اكتب",
                "حل|حلي|حللي ~2 واجب|واجبي|معادله|مساله|تمرين|مسائل|رياضيات",
                "ترجم|ترجمي|ترجملي ~3 الى|للغه|انجليزي|بالانجليزي|للانجليزي|عربي|هذا|هذي|هذه|النص|\
                 الجمله|لي|$",
                "ايش|وش|شو|ما ~0 معنى ~3 بالانجليزي|بالعربي|بالهندي|بالانقليزي",
                "مين|من|منو ~0 هو|هي|_ ~0 رئيس|ملك|امير|حاكم|وزير|رئيسه|ولي+العهد",
                "ما|وش|ايش|شو|هي|مين|من ~2 عاصمه",
                "مين|من|منو ~0 فاز|كسب|ربح|يفوز|بيفوز|راح+يفوز ~4 @sport_ar",
                "@sport_ar ~4 مين|من|منو ~0 فاز|كسب|ربح",
                "نتيجه ~0 @sport_ar",
                "طقس",
                // "جو" is too short for the clitic rule: written with and without the article.
                "شو|ايش|وش|كيف ~1 الجو|جو",
                "الجو|جو ~1 اليوم|بكره|باجر|غدا|الحين|بكرا",
                "بتمطر|تمطر ~0 بكره|اليوم|باجر|غدا|الليله|بكرا",
                "طريقه|وصفه ~0 عمل|طبخ|تحضير",
                "اخر|آخر ~0 اخبار",
                "اخبار ~0 اليوم",
                "شات ~0 جي ~0 بي ~0 تي",
                "jaw ~1 bukra|el+yom|alyom|today|elyoum",
            ],
        ),
        (
            "pt",
            &[
                "escreve|escreva|escrever|faz|faca|cria|crie|compoe|componha|inventa|invente|conta|\
                 conte|me+conta ~0 pra+mim|para+mim|_ ~0 um|uma|minha|meu|a|o|_ ~0 poema|poemas|\
                 poesia|redacao|redacoes|historia|historinha|conto|musica|letra+de+musica|artigo|\
                 carta+de+amor|discurso|rap|cordel|verso|versos|trabalho+escolar|\
                 trabalho+da+escola|dissertacao|resumo",
                "conta|conte|me+conta|fala|manda|sabe|conhece|diz|faz|me+fala ~0 uma|umas|alguma|\
                 outra|_ ~0 piada|piadas|charada|charadas",
                "fala|diz|conta|me+fala ~0 algo|alguma+coisa ~0 engracado|engracada",
                "faz|faca|ajuda|ajude|resolve|resolva|me+ajuda ~3 dever+de+casa|licao+de+casa|\
                 tarefa+de+casa|trabalho+da+escola|trabalho+escolar|tarefa+escolar",
                "resolve|resolva|resolver|calcula|calcule ~3 equacao|equacoes|conta+de+matematica|\
                 questao+de+matematica|exercicio|exercicios|problema+de+matematica|matematica|\
                 integral|derivada",
                "traduz|traduza|traduzir|traduzi|traduzam ~3 isso|isto|pra|para|pro|em|@lang_pt|\
                 essa|esse|frase|texto|palavra|musica|$",
                "como ~0 se ~0 diz|fala|escreve ~3 em ~0 @lang_pt",
                "o+que ~0 significa ~3 em ~0 @lang_pt",
                "quem ~0 e|eh|foi|sera|vai+ser|ganhou ~2 presidente|presidenta|prefeito|governador|\
                 papa|rei|rainha|primeiro+ministro",
                "qual|quais ~2 capital",
                "quem ~0 ganhou|venceu|vai+ganhar|vai+vencer|ganha ~4 @sport_pt",
                "resultado|placar ~1 do|da ~0 @sport_pt|loteria|mega+sena|megasena",
                "previsao ~1 do|pro|para ~0 tempo",
                "vai ~0 chover|fazer+frio|fazer+calor|esfriar|nevar",
                "temperatura ~1 hoje|amanha|agora|la+fora",
                "como ~0 esta|ta|vai+estar|vai+ficar ~0 o ~0 tempo|clima",
                "receita ~0 de|do|da|pra|para !remedio|medicamento|controle|antibiotico|oculos|\
                 medico|exame|remedios",
                "como ~0 fazer|faz|faco|prepara|preparar ~2 bolo|torta|pao|doce|pudim|brigadeiro|\
                 lasanha|feijoada|comida|arroz|macarrao|molho|bolinho",
                "ultimas ~0 noticias",
                "noticias ~0 de+hoje|do+dia",
                "indica|indique|recomenda|recomende|sugere|sugira ~3 restaurante|restaurantes|bar|\
                 bares|filme|filmes|serie|series|hotel|pousada|passeio|passeios",
            ],
        ),
    ],
    // A message that also asks a shop question (a price, stock, delivery) is answered, not
    // refused: "tem guarda-chuva? vai chover essa semana" wants an umbrella.
    vetoes: &[
        "price|prices|rate|cost|costs|mrp|stock|available|availability|deliver|delivery|order|buy|\
         sell|sells|selling|cheapest|discount|pack|packet|packets|box|product|products|brand|\
         hamper|kit|combo|manual|label|invoice|bill|catalog|catalogue|menu|receipt|warranty",
        "preco|precos|valor|entrega|entregam|comprar|pedido|estoque|disponivel|vende|vendem|vendes|\
         frete",
        "tem !alguma|algum|como|que|uma|um",
        "milega|milegi|milenge|kitne+ka|kitne+ki|kitna+hai|bhav|daam|keemat|kimat|price|stock",
        "दाम|कीमत|रेट|डिलीवरी|ऑर्डर|मिलेगा|मिलेगी|मिलेंगे|उपलब्ध",
        "দাম|ডেলিভারি|অর্ডার|কিনতে|dam|koto+dam",
        "ભાવ|કિંમત|ડિલિવરી|ઓર્ડર|મળશે|bhav|kimat|malse|male",
        "سعر|اسعار|بكم|متوفر|توصيل|تبيعون|عندكم|اطلب",
    ],
    gap_blockers: &[],
    lead_blockers: &[
        // "pin code", "promo code", "discount code": the shop's codes, not programming.
        "pin|promo|coupon|discount|referral|scratch|qr|bar|area|postal|zip|otp|hsn|offer|gift|\
         voucher",
    ],
};

fn compiled() -> &'static Compiled {
    static CELL: OnceLock<Compiled> = OnceLock::new();
    CELL.get_or_init(|| Compiled::new(&TABLE))
}

/// A bare sum ("234*17=?", "what is 12 x 13", "४५ + ७८ कितना") asks for arithmetic, not for
/// a price: a price question names a product or a unit, so any word other than the few
/// question words below keeps the message in scope.
fn is_bare_arithmetic(msg: &Message) -> bool {
    const QUESTION_WORDS: &[&str] = &[
        "what",
        "whats",
        "is",
        "calculate",
        "solve",
        "kitna",
        "kitne",
        "hota",
        "hai",
        "h",
        "quanto",
        "e",
        "da",
        "كم",
        "يساوي",
        "ما",
        "कितना",
        "होता",
        "है",
        "x",
    ];
    let symbols = ['+', '*', '/', '×', '÷', '^'];
    // "17 x 23" is a product only when asked as one ("what is 17 x 23"): alone it is a size.
    let asked = msg
        .tokens
        .iter()
        .any(|t| t != "x" && QUESTION_WORDS.contains(&t.as_str()));
    let is_number = |t: &String| t.chars().all(|c| c.is_ascii_digit());
    let times = asked
        && msg
            .tokens
            .windows(3)
            .any(|w| matches!(w, [a, x, b] if x == "x" && is_number(a) && is_number(b)));
    let has_operator = times || msg.raw.chars().any(|c| symbols.contains(&c));
    let numbers = msg
        .tokens
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .count();
    let only_sum = msg
        .tokens
        .iter()
        .all(|t| t.chars().all(|c| c.is_ascii_digit()) || QUESTION_WORDS.contains(&t.as_str()));
    let allowed_chars = msg.raw.chars().all(|c| {
        c.is_alphanumeric()
            || c.is_whitespace()
            || symbols.contains(&c)
            || matches!(c, '=' | '?' | '-' | '.' | '(' | ')' | '؟')
    });
    has_operator && numbers >= 2 && only_sum && allowed_chars
}

/// An equation with an unknown ("3x + 2 = 11", "x^2 + 5x"): homework. Sizes ("2x3 ft") have
/// no "=" and no power.
fn is_algebra(msg: &Message) -> bool {
    let raw = msg.raw.to_lowercase();
    let chars: Vec<char> = raw.chars().collect();
    // x, y or z standing alone as a letter, and not the "x" of "2 x 3" or "2x3" (a product,
    // a size): a digit right after it, or digits on both sides, make it a times sign.
    let nearest = |from: usize, back: bool| {
        let mut i = from;
        loop {
            i = if back { i.checked_sub(1)? } else { i + 1 };
            match chars.get(i) {
                Some(c) if c.is_whitespace() => continue,
                other => return other.copied(),
            }
        }
    };
    let variable_at = |i: usize| {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        chars.get(i).is_some_and(|c| matches!(c, 'x' | 'y' | 'z'))
            && next.is_none_or(|c| !c.is_alphanumeric())
            && prev.is_none_or(|c| !c.is_alphabetic())
            && !(nearest(i, true).is_some_and(|c| c.is_ascii_digit())
                && nearest(i, false).is_some_and(|c| c.is_ascii_digit()))
    };
    let has_variable = (0..chars.len()).any(variable_at);
    let has_power = (0..chars.len()).any(|i| variable_at(i) && chars.get(i + 1) == Some(&'^'));
    let has_equation = raw.contains('=') && raw.chars().any(|c| c.is_ascii_digit());
    has_variable && (has_power || has_equation)
}

pub(super) fn fires(msg: &Message) -> bool {
    compiled().fires(msg) || is_bare_arithmetic(msg) || is_algebra(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off_topic(text: &str) -> bool {
        fires(&Message::new(text))
    }

    #[test]
    fn the_table_compiles() {
        assert!(compiled().errors.is_empty(), "{:?}", compiled().errors);
    }

    #[test]
    fn general_assistant_requests_in_every_language() {
        for text in [
            "write a poem about love",
            "write me an essay on pollution",
            "write a python code to sort a list",
            "tell me a joke",
            "who is the prime minister of india?",
            "what is the capital of France",
            "weather tomorrow in Delhi?",
            "what's the cricket score",
            "solve this math problem: 2x+3=7",
            "solve: 3x + 2 = 11",
            "integrate x^2 dx",
            "234*17=?",
            "translate this to english: shukriya",
            "tum kaun ho ChatGPT ho?",
            "ek kavita likho maa par",
            "koi joke sunao yaar",
            "mera homework karwa do",
            "मेरे लिए एक कविता लिखो",
            "कल दिल्ली में मौसम कैसा रहेगा",
            "একটা গল্প বলো",
            "আজ মোহনবাগানের খেলা কখন?",
            "ekta kobita shonao",
            "એક કવિતા લખો",
            "aaje IPL ma koni match che?",
            "اكتب لي قصيدة عن البحر",
            "قل لي نكتة",
            "من فاز بمباراة الهلال امس",
            "me conta uma piada kkk",
            "quem é o presidente do brasil?",
            "qual a previsao do tempo pra sp amanha?",
            "traduz isso pra inglês",
        ] {
            assert!(off_topic(text), "{text}");
        }
    }

    #[test]
    fn shop_questions_are_not() {
        for text in [
            "poem notebook price?",
            "do you have story books for kids?",
            "any coupon code running?",
            "write the pin code on the parcel please",
            "is this a joke? 5 days and no delivery",
            "is this jacket good for cold weather?",
            "2 kg atta + 1 kg dal total kitna?",
            "size 2 x 3 = 6 sq ft right?",
            "2x3=6 feet mat hai?",
            "xl size = 42 chest?",
            "do you sell homework notebooks?",
            "please solve this problem, my order is late",
            "mazak bana rakha hai kya",
            "barish mein delivery hogi?",
            "hindi me bata do price",
            "पेमेंट करने का तरीका बताओ",
            "বৃষ্টিতে ডেলিভারি হবে?",
            "golper boi ache?",
            "kavita ni chopdi che?",
            "translate app wala phone?",
            "tem guarda-chuva? vai chover essa semana",
            "કવિતાની ચોપડી છે?",
            "اكتب اسمي على الكيك",
            "ارسل كود الخصم",
            "حل مشكلتي بسرعة",
            "quanto tempo demora a entrega?",
            "vende remédio sem receita?",
            "faz barra de calça?",
            "tem jogo de lençol casal?",
            "ipl jersey available?",
            "",
        ] {
            assert!(!off_topic(text), "{text}");
        }
    }
}
