hubUtforskaData("48203a31cc1f","index",{"n":3,"f":{"typ":"2 1 0","underlag":"0 0 0","sektor":"  0","lan":"  0","kommun":"  0","organisationstyp":"  0","princip":"0  0","ar":"  0","status":"  0"}});
